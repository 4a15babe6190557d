/** Test support: a real server on a random port over fixture models, and a plain HTTP client. */
package io.mcdrop.server.support;
