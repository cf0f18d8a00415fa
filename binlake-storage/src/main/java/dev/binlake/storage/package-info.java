/**
 * Object stores behind {@link dev.binlake.api.ObjectStore}: {@link
 * dev.binlake.storage.LocalObjectStore} keeps objects as files in a local folder ({@code
 * file:./lake}), written atomically so a crash never shows a half file. Key rules shared by every
 * store live in {@link dev.binlake.storage.ObjectKeys}.
 */
package dev.binlake.storage;
