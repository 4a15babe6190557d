/**
 * Errors as HTTP responses, in one place: {@link io.mcdrop.server.errors.ErrorStatus} maps mcdrop's
 * error codes to statuses, and every error (ours or the framework's) leaves as a small JSON body
 * with a message the user can act on, never a stack trace.
 */
package io.mcdrop.server.errors;
