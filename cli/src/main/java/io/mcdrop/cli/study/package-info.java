/** {@code mcdrop study}: where should dropout go, measured on the user's data. */
package io.mcdrop.cli.study;
