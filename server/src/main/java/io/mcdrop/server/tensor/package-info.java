/**
 * JSON tensors: nested or flat arrays of numbers checked against a model's input shape and turned
 * into the engine's flat float rows, with messages that say what was expected and what was found.
 */
package io.mcdrop.server.tensor;
