/**
 * Reading what users attach to the bot: PNG text chunks ({@link dev.chatgen.render.png.PngChunks}), the generation
 * settings AUTOMATIC1111 and ComfyUI store in them ({@link dev.chatgen.render.png.A1111Infotext},
 * {@link dev.chatgen.render.png.ComfyWorkflow}), and a bounded, decode-safe look at the pixels
 * ({@link dev.chatgen.render.png.ImageInspector}). Every failure the user caused surfaces as
 * {@link dev.chatgen.render.png.ImageReadException} with a message fit to show in chat.
 */
package dev.chatgen.render.png;
