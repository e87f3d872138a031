/**
 * Tokenizers for language models (character level and byte-level BPE) and bits per character, the
 * tokenizer-independent loss. Pure Java: depends only on fabrica-core and Jackson, never on DJL.
 */
package dev.fabrica.neural.text;
