/**
 * Generative adversarial networks on 28×28 images: DCGAN (Radford et al. 2016) and a
 * class-conditional GAN with a projection discriminator (Miyato and Koyama 2018).
 */
package dev.fabrica.neural.gan;
