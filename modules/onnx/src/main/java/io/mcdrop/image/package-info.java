/**
 * The one image-to-tensor path: {@link io.mcdrop.image.ImageDecoder} decodes PNG, JPEG, BMP and GIF
 * after checking the pixel count in the image header, {@link io.mcdrop.image.ImageTensors} turns
 * the picture into a CHW float tensor by a {@link io.mcdrop.onnx.contract.PreprocessSpec}. Training
 * (ImageFolder data), evaluation, the CLI and the server all go through here.
 */
package io.mcdrop.image;
