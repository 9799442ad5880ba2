package dev.chatgen.render.horde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.RenderRequest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of {@code POST /v2/generate/async} for one render, and what it changed on the way: the size on the
 * Horde's 64 px grid and the sampler it has.
 *
 * @param loras the LoRA names sent to the Horde, in plan order
 * @param notes where the request differs from the plan, for {@code Ran.notes}
 */
record HordeSubmission(ObjectNode body, String model, int width, int height, int steps, HordeSampler sampler,
                       List<String> loras, boolean img2img, List<String> notes) {

    /** How far an attached picture is changed; A1111's img2img default is 0.75, a little lower keeps more of it. */
    static final double DENOISING_STRENGTH = 0.6;
    private static final int GRID = 64;
    private static final int MAX_SIDE = 3072;

    HordeSubmission {
        loras = List.copyOf(loras);
        notes = List.copyOf(notes);
    }

    static HordeSubmission of(RenderRequest request, String hordeModel, ObjectMapper json) {
        GenerationPlan plan = request.plan();
        GenArgs args = plan.args();
        List<String> notes = new ArrayList<>();
        int width = onGrid(args.width());
        int height = onGrid(args.height());
        if (width != args.width() || height != args.height()) {
            notes.add("The Horde renders sizes in steps of 64 px: " + args.width() + "x" + args.height()
                    + " became " + width + "x" + height + ".");
        }
        HordeSampler sampler = HordeSamplers.of(args.sampler());
        sampler.note().ifPresent(notes::add);
        // The Horde refuses a cfg_scale with more than 2 decimals (rc BadCFGDecimals).
        double cfg = Math.round(args.cfgScale() * 100) / 100.0;
        if (cfg != args.cfgScale()) {
            notes.add("The Horde takes CFG scale to 2 decimals: " + args.cfgScale() + " became " + cfg + ".");
        }

        ObjectNode body = json.createObjectNode();
        body.put("prompt", HordePrompt.of(plan.prompt(), plan.negativePrompt()));
        ObjectNode params = body.putObject("params");
        params.put("sampler_name", sampler.id());
        params.put("karras", sampler.karras());
        params.put("cfg_scale", cfg);
        params.put("steps", args.steps());
        params.put("width", width);
        params.put("height", height);
        params.put("seed", Long.toString(request.seed()));
        params.put("n", 1);
        List<String> loraNames = new ArrayList<>();
        if (!plan.loras().isEmpty()) {
            ArrayNode loras = params.putArray("loras");
            for (T2IModel lora : plan.loras()) {
                // The Horde looks a LoRA up on Civitai by name (or numeric id); the catalog name is the Civitai title.
                loras.addObject().put("name", lora.name())
                        .put("model", lora.effectiveLoraWeight())
                        .put("clip", lora.effectiveLoraWeight());
                loraNames.add(lora.name());
            }
        }
        request.reference().ifPresent(reference -> {
            params.put("denoising_strength", DENOISING_STRENGTH);
            body.put("source_image", Base64.getEncoder().encodeToString(reference.bytes()));
            body.put("source_processing", "img2img");
        });
        body.putArray("models").add(hordeModel);
        body.put("nsfw", false);
        body.put("censor_nsfw", true);
        // r2: the picture comes back as a download link instead of base64 inside the status JSON.
        body.put("r2", true);
        return new HordeSubmission(body, hordeModel, width, height, args.steps(), sampler, loraNames, request.reference().isPresent(), notes);
    }

    private static int onGrid(int side) {
        int rounded = Math.round(side / (float) GRID) * GRID;
        return Math.max(GRID, Math.min(MAX_SIDE, rounded));
    }
}
