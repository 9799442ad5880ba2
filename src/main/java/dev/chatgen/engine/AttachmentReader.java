package dev.chatgen.engine;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.prompt.Segments;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.ComfyRecipe;
import dev.chatgen.render.png.ImageEvidence;
import dev.chatgen.render.png.ImageInspector;
import dev.chatgen.render.png.ImageReadException;
import dev.chatgen.render.png.LoraTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads attached pictures for evidence. Generation metadata (AUTOMATIC1111 "parameters", a
 * ComfyUI graph) names the model and arguments it was made with: strong evidence for stages 2
 * and 3. Without metadata there is no vision model here, so only the shape and colours are read,
 * and the trace says so. A file that cannot be read is skipped with a note; the request goes on.
 */
final class AttachmentReader {
    /** Logit bonus for a model named in an image's metadata: enough to outweigh a close call, not a clear mismatch. */
    static final double NAMED_MODEL_BONUS = 6.0;

    private final ModelCatalog catalog;
    private final ImageInspector inspector;
    private final Map<String, String> idByLooseName = new HashMap<>();

    AttachmentReader(ModelCatalog catalog, ImageInspector inspector) {
        this.catalog = catalog;
        this.inspector = inspector;
        for (T2IModel m : catalog.models()) {
            idByLooseName.putIfAbsent(InstalledModels.loose(m.id()), m.id());
            idByLooseName.putIfAbsent(InstalledModels.loose(m.name()), m.id());
            idByLooseName.putIfAbsent(InstalledModels.loose(m.name() + m.version()), m.id());
        }
    }

    /**
     * What the attachments told us; empty when there were none. {@code pictures} are the
     * attachments that could be read as images: the ones worth showing a vision model.
     */
    record Findings(Map<String, Double> modelEvidence, Optional<GenArgs> args, List<String> subject,
                    List<String> selectionNotes, List<String> notes, List<Attachment> pictures) {
        static Findings none() {
            return new Findings(Map.of(), Optional.empty(), List.of(), List.of(), List.of(), List.of());
        }
    }

    Findings read(List<Attachment> attachments) {
        if (attachments.isEmpty()) {
            return Findings.none();
        }
        Map<String, Double> evidence = new HashMap<>();
        Optional<GenArgs> args = Optional.empty();
        List<String> subject = new ArrayList<>();
        List<String> selectionNotes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Attachment> pictures = new ArrayList<>();
        for (Attachment a : attachments) {
            ImageEvidence image;
            try {
                image = inspector.inspect(a.bytes());
            } catch (ImageReadException e) {
                notes.add("ignored " + a.fileName() + ": " + e.getMessage());
                continue;
            }
            pictures.add(a);
            notes.addAll(image.notes());
            Recipe recipe = recipeOf(image);
            if (recipe == null) {
                notes.add(a.fileName() + " has no generation metadata; without a vision model I read only its shape ("
                        + image.orientation() + ", " + image.width() + "x" + image.height() + ")"
                        + (image.dominantColours().isEmpty() ? "" : " and colours (" + String.join(", ", image.dominantColours()) + ")"));
                continue;
            }
            notes.add(a.fileName() + " carries " + recipe.source + " metadata; used as evidence for model and arguments");
            for (String name : recipe.models) {
                String id = idByLooseName.get(InstalledModels.loose(name));
                if (id != null) {
                    evidence.merge(id, NAMED_MODEL_BONUS, Math::max);
                    selectionNotes.add(a.fileName() + " was made with " + id);
                }
            }
            if (args.isEmpty()) {
                args = recipe.args;
            }
            if (subject.isEmpty()) {
                Segments.split(recipe.prompt).stream().filter(s -> !s.startsWith("<")).forEach(subject::add);
            }
        }
        return new Findings(evidence, args, subject, selectionNotes, notes, List.copyOf(pictures));
    }

    private record Recipe(String source, String prompt, List<String> models, Optional<GenArgs> args) {
    }

    private static Recipe recipeOf(ImageEvidence image) {
        if (image.infotext().isPresent()) {
            A1111Infotext t = image.infotext().get();
            List<String> models = new ArrayList<>(t.loras().stream().map(LoraTag::name).toList());
            t.model().ifPresent(models::add);
            return new Recipe("AUTOMATIC1111", t.prompt(), models, args(t.combinedSampler(), t.steps(), t.cfgScale(), t.width(), t.height()));
        }
        if (image.comfy().isPresent()) {
            ComfyRecipe c = image.comfy().get();
            List<String> models = new ArrayList<>(c.loras().stream().map(LoraTag::name).toList());
            c.checkpoint().ifPresent(models::add);
            return new Recipe("ComfyUI", c.prompt(), models, args(c.sampler(), c.steps(), c.cfg(), c.width(), c.height()));
        }
        return null;
    }

    private static Optional<GenArgs> args(Optional<String> sampler, Optional<Integer> steps, Optional<Double> cfg,
                                          Optional<Integer> width, Optional<Integer> height) {
        if (sampler.isEmpty() || steps.isEmpty() || cfg.isEmpty() || width.isEmpty() || height.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GenArgs(sampler.get(), steps.get(), cfg.get(), width.get(), height.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // why: metadata outside A1111's ranges is not evidence we can use
        }
    }
}
