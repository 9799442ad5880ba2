package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.render.InstalledModels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checkpoints ({@code GET /sdapi/v1/sd-models}) and LoRAs ({@code GET /sdapi/v1/loras}) one server has,
 * with what is needed later to check a render: a checkpoint's short hash and file name.
 */
record A1111Inventory(List<Checkpoint> checkpoints, List<Lora> loras) {

    A1111Inventory {
        checkpoints = List.copyOf(checkpoints);
        loras = List.copyOf(loras);
    }

    /**
     * One {@code sd-models} entry. {@code title} ("realisticVisionV51_v51VAE.safetensors [15012c538f]") is what
     * {@code sd_model_checkpoint} takes; {@code hash} is the 10-hex short hash, null until the server computed it.
     */
    record Checkpoint(String title, String modelName, String hash, String filename) {

        /** Whether a render's {@code sd_model_name}/{@code sd_model_hash} say this checkpoint ran. */
        Verdict ranAs(String sdModelName, String sdModelHash) {
            if (!blank(hash) && !blank(sdModelHash)) {
                String a = hash.toLowerCase(Locale.ROOT);
                String b = sdModelHash.toLowerCase(Locale.ROOT);
                return a.startsWith(b) || b.startsWith(a) ? Verdict.SAME : Verdict.DIFFERENT;
            }
            if (!blank(sdModelName)) {
                String ran = InstalledModels.loose(sdModelName);
                boolean same = List.of(title, modelName, filename == null ? "" : filename).stream()
                        .filter(n -> !blank(n)).anyMatch(n -> InstalledModels.loose(n).equals(ran));
                return same ? Verdict.SAME : Verdict.DIFFERENT;
            }
            return Verdict.UNKNOWN;
        }
    }

    enum Verdict { SAME, DIFFERENT, UNKNOWN }

    /** One {@code loras} entry: {@code name} (the file stem) is what a {@code <lora:name:w>} tag takes. */
    record Lora(String name, String alias) {
    }

    static A1111Inventory parse(JsonNode sdModels, JsonNode loraList) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (JsonNode m : sdModels) {
            String title = m.path("title").asText("");
            if (!title.isEmpty()) {
                checkpoints.add(new Checkpoint(title, text(m, "model_name"), text(m, "hash"), text(m, "filename")));
            }
        }
        List<Lora> loras = new ArrayList<>();
        for (JsonNode l : loraList) {
            String name = l.path("name").asText("");
            if (!name.isEmpty()) {
                loras.add(new Lora(name, text(l, "alias")));
            }
        }
        return new A1111Inventory(checkpoints, loras);
    }

    InstalledModels installed() {
        return InstalledModels.of(checkpoints.stream().map(Checkpoint::title).toList(), loras.stream().map(Lora::name).toList());
    }

    Optional<Checkpoint> checkpointFor(T2IModel model) {
        return installed().nameOf(model).flatMap(title -> checkpoints.stream().filter(c -> c.title().equals(title)).findFirst());
    }

    /** The server's name for a catalog LoRA, matching its file name first and then its alias. */
    Optional<String> loraNameFor(T2IModel model) {
        Optional<String> byName = installed().nameOf(model);
        if (byName.isPresent()) {
            return byName;
        }
        List<String> aliases = loras.stream().map(Lora::alias).filter(a -> !blank(a)).toList();
        return InstalledModels.of(List.of(), aliases).nameOf(model)
                .flatMap(alias -> loras.stream().filter(l -> alias.equals(l.alias())).map(Lora::name).findFirst());
    }

    /** The server's name for a tag name nobody planned, matched loosely to a file name or alias. */
    Optional<String> loraNamed(String tagName) {
        String wanted = InstalledModels.loose(tagName);
        return loras.stream()
                .filter(l -> InstalledModels.loose(l.name()).equals(wanted) || (!blank(l.alias()) && InstalledModels.loose(l.alias()).equals(wanted)))
                .map(Lora::name).findFirst();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
