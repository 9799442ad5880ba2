package dev.chatgen.engine.select;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.ModelType;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.ModelMask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTokenSelectorTest {
    private static T2IModel checkpoint(String id, boolean nsfw) {
        return new T2IModel(id, id, "1", ModelType.CHECKPOINT, BaseModel.SD15, "", List.of(), List.of(), null, null, nsfw);
    }

    private static final T2IModel SAFE = checkpoint("safe", false);
    private static final T2IModel SPICY = checkpoint("spicy", true);
    private static final T2IModel LORA = new T2IModel("onspicy", "On Spicy", "1", ModelType.LORA, BaseModel.SD15, "",
            List.of(), List.of(), 0.7, "spicy", false);
    private static final ModelCatalog CATALOG = new ModelCatalog(List.of(SAFE, SPICY, LORA), List.of());

    // h = (1, 0) prefers the LoRA, then spicy, then safe.
    private static final ModelTokens TOKENS = new ModelTokens(new float[][] {{1, 0}, {2, 0}, {3, 0}}, 0f);
    private final ModelTokenSelector selector = new ModelTokenSelector(CATALOG, TOKENS, new ModelLexicon(CATALOG), new LexicalCentroids(CATALOG), 3);

    private Selection select(ModelMask mask) {
        return selector.select(SelectionInput.of(new float[] {1, 0}, "a picture"), mask);
    }

    @Test
    void select_withoutMaskTakesTheHighestLogit() {
        Selection s = select(ModelMask.safeForWork().allowingNsfw());
        assertEquals("onspicy", s.chosen().orElseThrow().id());
        double sum = s.candidates().stream().mapToDouble(Selection.ScoredModel::probability).sum();
        assertEquals(1.0, sum, 1e-9);
        assertTrue(s.candidates().get(0).probability() > s.candidates().get(1).probability());
    }

    @Test
    void select_nsfwModelAndLorasOnItAreMaskedNotRetrained() {
        Selection s = select(ModelMask.safeForWork());
        assertEquals("safe", s.chosen().orElseThrow().id());
        assertEquals(1.0, s.candidates().get(0).probability(), 1e-9);
        assertEquals(List.of("onspicy: its base checkpoint spicy is flagged NSFW", "spicy: flagged NSFW"), s.masked());
    }

    @Test
    void select_nothingAllowedGivesNoChoice() {
        Selection s = select(ModelMask.safeForWork().allowingNsfw().installedOnly(Set.of()));
        assertTrue(s.chosen().isEmpty());
        assertEquals(3, s.masked().size());
    }

    @Test
    void select_moderationRuleIsAppliedAsAMask() {
        Selection s = select(ModelMask.safeForWork().allowingNsfw().and("allowlisted", m -> !m.isLora()));
        assertEquals("spicy", s.chosen().orElseThrow().id());
        assertTrue(s.masked().contains("onspicy: not allowlisted here"), s.masked().toString());
    }

    @Test
    void select_aModelNamedInTheRequestIsPreferred() {
        Selection s = selector.select(SelectionInput.of(new float[] {1, 0}, "use safe please"), ModelMask.safeForWork().allowingNsfw());
        assertEquals("safe", s.chosen().orElseThrow().id());
        assertTrue(s.notes().contains("you named safe"), s.notes().toString());
    }

    @Test
    void select_attachmentEvidenceIsAddedToTheLogits() {
        SelectionInput input = new SelectionInput(new float[] {1, 0}, "a picture", Map.of("spicy", 6.0), List.of("photo.png was made with spicy"));
        Selection s = selector.select(input, ModelMask.safeForWork().allowingNsfw());
        assertEquals("spicy", s.chosen().orElseThrow().id());
        assertEquals(List.of("photo.png was made with spicy"), s.notes());
    }
}
