/**
 * Building blocks shared by the network architectures: group normalisation, attention, and loading
 * a block tree's parameters from named checkpoint tensors ({@link
 * dev.atelier.diffusion.nn.BlockKeys}, {@link dev.atelier.diffusion.nn.WeightLoader}). A network
 * names its child blocks after the checkpoint's modules, so loading is a table lookup.
 */
package dev.atelier.diffusion.nn;
