/** Image decoding and the preprocessing rule (size, channels, scale, mean, std) a model expects. */
package io.mcdrop.runtime.preprocess;
