package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A layer of one of the UNet's blocks: it maps the feature map {@code x (B, C, H, W)} to a new one
 * and may read the timestep embedding {@code emb (B, E)} (residual blocks) or the text context
 * {@code context (B, N, D)} (spatial transformers).
 */
interface UNetLayer {

  NDArray apply(ParameterStore ps, NDArray x, NDArray emb, NDArray context);
}
