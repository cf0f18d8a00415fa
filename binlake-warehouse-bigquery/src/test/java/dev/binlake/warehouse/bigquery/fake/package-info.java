/**
 * A local stand-in for the BigQuery REST API (v2) for tests: exactly the calls binlake's BigQuery
 * warehouse makes, each request checked (method, path, required fields and values), backed by an
 * in-process DuckDB so loaded rows and views can be queried. It is not BigQuery: it checks what
 * binlake sends against what BigQuery documents, and nothing was run against real BigQuery.
 */
package dev.binlake.warehouse.bigquery.fake;
