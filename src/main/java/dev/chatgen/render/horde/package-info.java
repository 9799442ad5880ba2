/**
 * The AI Horde (aihorde.net, API v2) as an image backend: a crowd of volunteer GPUs behind one queue.
 * {@link dev.chatgen.render.horde.HordeBackend} submits to {@code POST /v2/generate/async}, polls
 * {@code /v2/generate/check/{id}}, reads {@code /v2/generate/status/{id}} and downloads the picture.
 *
 * <p>Choices worth knowing:
 * <ul>
 *   <li>Models are the Horde's model NAMES ("Realistic Vision"), not file names; they are matched to catalog
 *       models with {@link dev.chatgen.render.InstalledModels#nameOf}, which also tries the catalog name.</li>
 *   <li>LoRAs: the Horde's workers fetch any Civitai LoRA on demand, by name or id, so there is no list to
 *       discover. {@code installedModels()} reports as LoRAs the catalog LoRAs given to the constructor (all of
 *       them accepted), and the request names each LoRA by its catalog (Civitai) name.</li>
 *   <li>Pictures: with {@code r2: true} the Horde answers with a download link to a WEBP file. The JDK's
 *       javax.imageio has no WEBP reader, so a WEBP answer fails with a clear message unless a WEBP ImageIO
 *       plugin is on the class path (ImageIO finds plugins by itself; no code change needed). PNG, JPEG, GIF
 *       and BMP are converted to PNG with ImageIO.</li>
 *   <li>Sizes go to the Horde in steps of 64 px; a plan's size is rounded and {@code Ran.notes} say so.</li>
 * </ul>
 */
package dev.chatgen.render.horde;
