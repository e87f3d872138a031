/**
 * Text-to-image: a prompt encoder over the caption's word and character features, whose reading of
 * a prompt (a distribution over the known concepts) conditions a projection-discriminator GAN.
 */
package dev.fabrica.neural.t2i;
