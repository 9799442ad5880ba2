package dev.chatgen.render;

import dev.chatgen.catalog.T2IModel;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checkpoints and LoRAs a backend reports, in its own names (file names, titles with a hash),
 * matched to catalog models loosely: case, punctuation, file extension and a trailing
 * "[hash]" do not count, so "realisticVisionV51_v51VAE.safetensors [15012c538f]" is the catalog's
 * realisticVisionV51_v51VAE.
 *
 * @param everything true for a backend that can run any model (the recipe card draws any plan)
 */
public record InstalledModels(List<String> checkpoints, List<String> loras, boolean everything) {
    public InstalledModels {
        checkpoints = List.copyOf(checkpoints);
        loras = List.copyOf(loras);
    }

    public static InstalledModels of(List<String> checkpoints, List<String> loras) {
        return new InstalledModels(checkpoints, loras, false);
    }

    public static InstalledModels any() {
        return new InstalledModels(List.of(), List.of(), true);
    }

    /** The backend's own name for this model (checkpoint or LoRA), if it has it. */
    public Optional<String> nameOf(T2IModel model) {
        List<String> names = model.isLora() ? loras : checkpoints;
        for (String candidate : List.of(model.id(), model.name() + model.version(), model.name())) {
            String wanted = loose(candidate);
            Optional<String> hit = names.stream().filter(n -> loose(n).equals(wanted)).findFirst();
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    public boolean has(T2IModel model) {
        return everything || nameOf(model).isPresent();
    }

    /**
     * A model file or title without case, punctuation, extension or hash:
     * "RealisticVision_v5.1.safetensors [abc123]" -> "realisticvisionv51".
     */
    public static String loose(String name) {
        String base = name.replaceAll("\\s*\\[[0-9a-fA-F]+]\\s*$", "");
        base = base.replaceAll("(?i)\\.(safetensors|ckpt|pt|pth|bin)$", "");
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        return base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
