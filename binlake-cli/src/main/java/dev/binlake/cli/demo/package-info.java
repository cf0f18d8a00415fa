/**
 * {@code binlake demo}: a throwaway MariaDB, a generated shop workload, replication into a local
 * folder and DuckDB, and a printed comparison of source tables with their latest views. With {@code
 * --scaled}: S3Proxy, RabbitMQ, one capture and several loader processes, PostgreSQL.
 */
package dev.binlake.cli.demo;
