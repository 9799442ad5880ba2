/**
 * The ComfyUI image backend ({@link dev.chatgen.render.comfy.ComfyBackend}): a plan becomes ComfyUI's API-format
 * node graph, is queued with POST /prompt, followed through /history (and the /ws progress socket), and comes back
 * from /view as a PNG that keeps ComfyUI's own "prompt" chunk and gains the A1111 "parameters" infotext.
 */
package dev.chatgen.render.comfy;
