/**
 * Typed errors shared by every mcdrop module: one exception carrying an {@link
 * io.mcdrop.errors.ErrorCode}, so the CLI and the server each translate errors in exactly one
 * place.
 */
package io.mcdrop.errors;
