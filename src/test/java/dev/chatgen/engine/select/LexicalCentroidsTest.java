package dev.chatgen.engine.select;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.ModelType;
import dev.chatgen.catalog.T2IModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexicalCentroidsTest {
    private static final GenArgs ARGS = new GenArgs("Euler a", 25, 7, 512, 512);

    private static T2IModel model(String id, String description) {
        return new T2IModel(id, id, "1", ModelType.CHECKPOINT, BaseModel.SD15, description, List.of("x"), List.of(), null, null, false);
    }

    private static Demonstration demo(String id, String model, String input) {
        return new Demonstration(id, model, "p", "", ARGS, input, "", List.of());
    }

    private final T2IModel ink = model("ink", "black ink brush painting");
    private final T2IModel photo = model("photo", "realistic camera photo");
    private final Demonstration first = demo("i1", "ink", "a crane in ink wash");
    private final Demonstration second = demo("i2", "ink", "bamboo forest brush strokes");
    private final Demonstration third = demo("p1", "photo", "photo of a crane by a lake");

    @Test
    void scores_favourTheModelWhoseWordsTheRequestUses() {
        LexicalCentroids c = new LexicalCentroids(new ModelCatalog(List.of(ink, photo), List.of(first, second, third)));
        Map<Integer, Double> s = c.scores("bamboo in ink");
        assertTrue(s.get(0) > s.getOrDefault(1, 0.0), s.toString());
    }

    @Test
    void scoresLeavingOut_isTheScoreAgainstTheCatalogWithoutThatDemonstration() {
        LexicalCentroids all = new LexicalCentroids(new ModelCatalog(List.of(ink, photo), List.of(first, second, third)));
        Map<Integer, Double> loo = all.scoresLeavingOut(first);
        // Only the centroid changes; idf is still computed on every document, so compare with the
        // direct computation: the text scored against ink's centroid without "a crane in ink wash".
        Map<Integer, Double> withIt = all.scores(LexicalCentroids.requestText(first));
        assertTrue(withIt.get(0) > loo.getOrDefault(0, 0.0), withIt + " vs " + loo);
        assertEquals(withIt.get(1), loo.get(1), 1e-9);
    }
}
