/**
 * A GPT-style decoder-only language model (nanoGPT's architecture and parameter names), its
 * training step, and fast sampling with a key/value cache. Depends on core, the nn, train and text
 * packages, and DJL.
 */
package dev.fabrica.neural.gpt;
