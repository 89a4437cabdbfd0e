/**
 * Reading and writing {@code .safetensors} weight files of any size, natively: {@link
 * dev.atelier.diffusion.safetensors.SafetensorsFile} validates the header as untrusted input,
 * memory-maps the data and reads tensors as float32 (from F32, F16 or BF16); it is a {@link
 * dev.atelier.diffusion.nn.WeightSource}. {@link
 * dev.atelier.diffusion.safetensors.SafetensorsWriter} streams a file out tensor by tensor. Pickle
 * checkpoints are refused, because loading one can run code.
 */
package dev.atelier.diffusion.safetensors;
