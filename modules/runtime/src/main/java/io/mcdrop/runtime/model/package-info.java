/** Loaded-model facts: input shape, classes, labels, preprocessing, dropout and split info. */
package io.mcdrop.runtime.model;
