package dev.chatgen.engine.select;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.ModelType;
import dev.chatgen.catalog.T2IModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLexiconTest {
    private static T2IModel model(String id, String name, List<String> tags) {
        return new T2IModel(id, name, "1", ModelType.CHECKPOINT, BaseModel.SDXL, "", tags, List.of(), null, null, false);
    }

    private final ModelCatalog catalog = new ModelCatalog(List.of(
            model("zavychromaXL_v7", "ZavyChromaXL", List.of("surreal", "vivid colors")),
            model("comic_xl", "Comic Style XL", List.of("comic", "halftone")),
            model("anything_v5", "Anything V5", List.of("anime")),
            model("protogenX34", "Protogen x3.4", List.of("sci-fi"))), List.of());
    private final ModelLexicon lexicon = new ModelLexicon(catalog);

    @Test
    void read_findsAModelNamedWithoutItsSuffixOrVersion() {
        assertEquals(Set.of(0), lexicon.read("zavychroma pls: a snail in the rain").named());
        assertEquals(Set.of(1), lexicon.read("use the comic style lora").named());
        assertEquals(Set.of(3), lexicon.read("my friend uses protogen for this").named());
    }

    @Test
    void read_commonWordAloneIsNoName() {
        assertTrue(lexicon.read("draw anything you like").named().isEmpty());
        assertEquals(Set.of(2), lexicon.read("with anything v5").named());
    }

    @Test
    void read_tagsMatchPluralsAndPhrases() {
        var scores = lexicon.read("old comics with vivid colors").tagScores();
        assertTrue(scores.containsKey(0) && scores.containsKey(1), scores.toString());
        assertTrue(!scores.containsKey(2));
    }
}
