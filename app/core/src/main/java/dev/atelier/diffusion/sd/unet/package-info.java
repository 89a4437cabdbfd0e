/**
 * The Stable Diffusion 1.x UNet in DJL blocks: {@link dev.atelier.diffusion.sd.unet.UNetConfig}
 * (its shape; {@code sd15()}), {@link dev.atelier.diffusion.sd.unet.UNetShapes} (every checkpoint
 * tensor with its shape) and {@link dev.atelier.diffusion.sd.unet.SdUNet} (the network, loaded by
 * key from a checkpoint and run on float32 latents).
 *
 * <p>Block names follow the single-file checkpoint's modules ({@code input_blocks.4.1.
 * transformer_blocks.0.attn2.to_k}), so {@link dev.atelier.diffusion.nn.BlockKeys} names each
 * parameter exactly as the checkpoint does. Each residual block, transformer and attention runs in
 * a sub-manager of its input's manager, so a forward pass holds a few layers' intermediates at a
 * time, not all of them.
 */
package dev.atelier.diffusion.sd.unet;
