package io.cairn.tiering.lifecycle;

/** What a rule asks to be done to one object version now. */
public sealed interface LifecycleAction {

    /** The ID of the rule that asks for it. */
    String ruleId();

    /** Expire it: for a current version S3's Expiration, for a noncurrent one or a lone delete marker, removal. */
    record Expire(String ruleId) implements LifecycleAction {
    }

    /** Move its content to the tier named. */
    record TransitionTo(String ruleId, String tier) implements LifecycleAction {
    }
}
