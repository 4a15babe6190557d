/**
 * Model review for people placing dropout: reads an ONNX graph (mcdrop's or a third party's) and
 * says in plain words, with the evidence behind each point, where every dropout sits, how much of
 * the network it drops per forward pass, what is unusual or harmful about it (dropout right before
 * batch norm, element-wise dropout on conv maps, very high rates, dropout on the input, one conv
 * weight applied several times, batch norm exported in training mode, a fixed batch axis), what MC
 * dropout will cost, and what to try next. Pure: works on the protobuf, runs nothing.
 */
package io.mcdrop.onnx.advice;
