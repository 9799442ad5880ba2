package dev.chatgen.render.comfy;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RenderFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's files for a plan's checkpoint and LoRAs, as ComfyUI names them in ckpt_name/lora_name
 * (relative paths such as "SD1.5/realisticVisionV51_v51VAE.safetensors").
 */
record ModelFiles(String checkpoint, List<Lora> loras) {
    record Lora(T2IModel model, String file) {
    }

    ModelFiles {
        loras = List.copyOf(loras);
    }

    /**
     * @throws RenderFailedException naming every model the server lacks, before anything is queued:
     *                               ComfyUI would reject the prompt anyway, and with a less readable message
     */
    static ModelFiles resolve(GenerationPlan plan, InstalledModels installed) {
        List<String> missing = new ArrayList<>();
        Optional<String> checkpoint = installed.nameOf(plan.checkpoint());
        if (checkpoint.isEmpty()) {
            missing.add("the checkpoint " + describe(plan.checkpoint()));
        }
        List<Lora> loras = new ArrayList<>();
        for (T2IModel lora : plan.loras()) {
            Optional<String> file = installed.nameOf(lora);
            if (file.isEmpty()) {
                missing.add("the LoRA " + describe(lora));
            } else {
                loras.add(new Lora(lora, file.get()));
            }
        }
        if (!missing.isEmpty()) {
            throw new RenderFailedException("The ComfyUI server does not have " + String.join(" or ", missing)
                    + " installed, so it cannot draw this picture.", null);
        }
        return new ModelFiles(checkpoint.get(), loras);
    }

    private static String describe(T2IModel model) {
        String title = (model.name() + " " + model.version()).strip();
        return title + " (" + model.id() + ")";
    }
}
