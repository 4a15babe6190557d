/** File helpers shared by every module: atomic, crash-safe writes. */
package io.mcdrop.io;
