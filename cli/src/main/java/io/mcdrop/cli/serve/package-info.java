/** {@code mcdrop serve}: runs the prediction server in-process until interrupted. */
package io.mcdrop.cli.serve;
