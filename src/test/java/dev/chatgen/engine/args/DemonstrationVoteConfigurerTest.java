package dev.chatgen.engine.args;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.ModelType;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.encode.DemoIndex;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DemonstrationVoteConfigurerTest {
    private static final T2IModel XL = new T2IModel("xl", "XL", "1", ModelType.CHECKPOINT, BaseModel.SDXL, "d",
            List.of("t"), List.of(), null, null, false);

    private static Demonstration demo(String id, GenArgs args) {
        return new Demonstration(id, "xl", "p", "", args, "i", "", List.of());
    }

    // Two portrait demonstrations near direction A, one landscape demonstration near direction B.
    private final ModelCatalog catalog = new ModelCatalog(List.of(XL), List.of(
            demo("a1", new GenArgs("Euler a", 30, 6.0, 832, 1216)),
            demo("a2", new GenArgs("Euler a", 30, 6.0, 832, 1216)),
            demo("b1", new GenArgs("DPM++ 2M Karras", 40, 8.0, 1216, 832))));
    private final DemoIndex index = new DemoIndex(catalog, new float[][] {{1, 0}, {0.99f, 0.14f}, {0, 1}});
    private final DemonstrationVoteConfigurer configurer = new DemonstrationVoteConfigurer(index, 2);

    @Test
    void configure_nearestDemonstrationsWin() {
        ConfiguredArgs near = configurer.configure(new ArgsRequest(XL, new float[] {0, 1}, List.of("x"), Optional.empty()));
        assertEquals(new GenArgs("DPM++ 2M Karras", 40, 8.0, 1216, 832), near.args());
        assertEquals("b1", near.votes().get(0).demoId());
        ConfiguredArgs other = configurer.configure(new ArgsRequest(XL, new float[] {1, 0}, List.of("x"), Optional.empty()));
        assertEquals(new GenArgs("Euler a", 30, 6.0, 832, 1216), other.args());
    }

    @Test
    void configure_whatTheUserAskedForWinsAndIsClampedToTheBase() {
        ConfiguredArgs a = configurer.configure(new ArgsRequest(XL, new float[] {1, 0},
                List.of("a fox, 45 steps, cfg 4", "make it 4000x300"), Optional.empty()));
        assertEquals(45, a.args().steps());
        assertEquals(4.0, a.args().cfgScale());
        assertEquals(2048, a.args().width());
        assertEquals(512, a.args().height());
    }

    @Test
    void configure_phoneWallpaperUsesTheFamilysTallSize() {
        ConfiguredArgs a = configurer.configure(new ArgsRequest(XL, new float[] {1, 0}, List.of("for my phone wallpaper"), Optional.empty()));
        assertEquals(768, a.args().width());
        assertEquals(1344, a.args().height());
    }
}
