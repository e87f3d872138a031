/**
 * A GPT-style decoder-only language model (nanoGPT's architecture and parameter names), its
 * training step, fast sampling with a key/value cache, and continuous batching of independent
 * sequences for a server. Depends on core, the nn, train and text packages, and DJL.
 */
package dev.fabrica.neural.gpt;
