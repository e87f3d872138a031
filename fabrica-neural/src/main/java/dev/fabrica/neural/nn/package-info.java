/**
 * Functional building blocks: named parameter tensors ({@link dev.fabrica.neural.nn.Params}) and
 * layers written as functions of those tensors, so weights carry PyTorch's state_dict names.
 */
package dev.fabrica.neural.nn;
