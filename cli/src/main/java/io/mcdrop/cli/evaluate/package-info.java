/** {@code mcdrop evaluate}: is a model's uncertainty honest, deterministic vs MC dropout. */
package io.mcdrop.cli.evaluate;
