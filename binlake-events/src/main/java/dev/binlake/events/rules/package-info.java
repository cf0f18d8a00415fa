/**
 * Amazon EventBridge event patterns ({@link dev.binlake.events.rules.EventPattern}): parsing the
 * JSON subset binlake supports and matching events against it with EventBridge's semantics. An
 * {@link dev.binlake.api.EventRule} converts to a pattern.
 */
package dev.binlake.events.rules;
