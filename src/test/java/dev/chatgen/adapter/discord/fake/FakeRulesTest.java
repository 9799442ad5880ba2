package dev.chatgen.adapter.discord.fake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The fake refuses what Discord refuses: malformed commands at registration, wrong or oversized autocomplete answers. */
class FakeRulesTest {
    @Test
    void commandsDiscordWouldRefuse_areRefused() throws Exception {
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'ok','description':'fine','contexts':['0',1]}")).isEmpty());
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'Models','description':'x'}")).isPresent(), "uppercase name");
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'m','description':''}")).isPresent(), "no description");
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'m','description':'x','contexts':[3]}")).isPresent());
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'m','description':'x','default_member_permissions':32}")).isPresent(),
                "a bit set is a string");
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'m','description':'x','options':[{'type':3,'name':'a','description':'x'},"
                + "{'type':3,'name':'b','description':'x','required':true}]}")).isPresent(), "required after optional");
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'m','description':'x','options':[{'type':3,'name':'a','description':'x',"
                + "'autocomplete':true,'choices':[{'name':'a','value':'a'}]}]}")).isPresent(), "autocomplete with choices");
        assertTrue(CommandSchema.problem(json("{'type':1,'name':'m','description':'x','options':[{'type':1,'name':'s','description':'x'},"
                + "{'type':3,'name':'a','description':'x'}]}")).isPresent(), "subcommands mixed with options");
    }

    @Test
    void autocompleteAnswers_areType8_withAtMost25ShortChoices() throws Exception {
        assertTrue(CallbackRules.problem(4, 8, json("{'choices':[{'name':'a','value':'a'}]}")).isEmpty());
        assertTrue(CallbackRules.problem(4, 4, json("{'content':'hi'}")).isPresent(), "an autocomplete takes only choices");
        assertTrue(CallbackRules.problem(2, 8, json("{'choices':[]}")).isPresent(), "choices answer only an autocomplete");
        StringBuilder many = new StringBuilder("{'choices':[");
        for (int i = 0; i < 26; i++) {
            many.append(i == 0 ? "" : ",").append("{'name':'c").append(i).append("','value':'c").append(i).append("'}");
        }
        assertTrue(CallbackRules.problem(4, 8, json(many + "]}")).isPresent(), "26 choices");
        assertTrue(CallbackRules.problem(4, 8, json("{'choices':[{'name':'" + "n".repeat(101) + "','value':'v'}]}")).isPresent());
    }

    private static JsonNode json(String singleQuoted) throws Exception {
        return FakeDiscord.JSON.readTree(singleQuoted.replace('\'', '"'));
    }
}
