/** {@code mcdrop classify}: the command, its table and its JSON rows. */
package io.mcdrop.cli.classify;
