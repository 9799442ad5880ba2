/**
 * The AUTOMATIC1111 / Forge web UI backend: talks to a server started with {@code --api} over its
 * {@code /sdapi/v1} HTTP API, renders plans with txt2img (img2img when a picture is attached), and
 * checks that what the server reports having run is what was planned.
 */
package dev.chatgen.render.a1111;
