package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.GenerationPlan;

import java.util.Base64;
import java.util.Optional;

/** The JSON body of {@code POST /sdapi/v1/txt2img} or, with a starting picture, {@code /sdapi/v1/img2img}. */
final class A1111Payload {
    static final String TXT2IMG = "/sdapi/v1/txt2img";
    static final String IMG2IMG = "/sdapi/v1/img2img";
    /** How far img2img may move away from the attached picture: enough to follow the prompt, keeping its layout. */
    static final double DENOISING_STRENGTH = 0.75;
    private static final ObjectMapper JSON = new ObjectMapper();

    private A1111Payload() {
    }

    static String path(Optional<Attachment> reference) {
        return reference.isPresent() ? IMG2IMG : TXT2IMG;
    }

    static ObjectNode build(GenerationPlan plan, String prompt, long seed, SamplerChoice sampler, String checkpointTitle,
                            Optional<Attachment> reference, String taskId) {
        GenArgs a = plan.args();
        ObjectNode body = JSON.createObjectNode();
        body.put("prompt", prompt);
        body.put("negative_prompt", plan.negativePrompt());
        body.put("steps", a.steps());
        body.put("cfg_scale", a.cfgScale());
        body.put("width", a.width());
        body.put("height", a.height());
        body.put("seed", seed);
        body.put("batch_size", 1);
        body.put("n_iter", 1);
        body.put("sampler_name", sampler.samplerName());
        sampler.scheduler().ifPresent(s -> body.put("scheduler", s));
        body.putObject("override_settings").put("sd_model_checkpoint", checkpointTitle);
        // Keep the checkpoint loaded afterwards: the next job on it then skips a model load of many seconds.
        body.put("override_settings_restore_afterwards", false);
        body.put("send_images", true);
        body.put("save_images", false);
        // 1.6+ reports it as progress.current_task, so our progress is told apart from another client's job.
        body.put("force_task_id", taskId);
        reference.ifPresent(picture -> {
            body.putArray("init_images").add(Base64.getEncoder().encodeToString(picture.bytes()));
            body.put("denoising_strength", DENOISING_STRENGTH);
        });
        return body;
    }
}
