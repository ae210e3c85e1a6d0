"""Whole flows driven with Pilot: home -> briefing -> call -> scorecard -> review."""

from __future__ import annotations

from textual.color import Color
from textual.widgets import Input

from trainer.app.looks import mood_label
from trainer.app.screens.briefing import BriefingScreen
from trainer.app.screens.call import CallScreen
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.review import ReviewScreen
from trainer.app.screens.scorecard import ScorecardScreen
from trainer.app.widgets.mood_meter import MoodMeter
from trainer.app.widgets.scenario_list import ScenarioList
from trainer.app.widgets.transcript import Bubble, Transcript
from trainer.app.widgets.turn_detail import TurnDetail
from trainer.app.widgets.verdict import Verdict
from trainer.engine.call import Call
from trainer.engine.coach import hint

from appkit import SCENARIO, AppFactory, pick, play, say, script, to_call


def text_of(widget: object) -> str:
    """The plain text a Static-like widget is showing."""
    return str(widget.render())  # type: ignore[attr-defined]


async def test_winning_call_reaches_the_scorecard(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pick(pilot, SCENARIO)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        brief = text_of(app.screen.query_one("#brief"))
        assert "Walt Brennan" in brief and "Keystone Mutual" in brief
        assert "{vendor}" not in brief  # placeholders are filled
        await pilot.press("enter")
        await pilot.pause()
        call_screen = app.screen
        assert isinstance(call_screen, CallScreen)
        for line in script("win"):
            await say(pilot, line)
        assert call_screen.call.outcome == "won"
        assert (
            not app.screen.query_one("#line", Input).display
            or app.screen.query_one("#line", Input).disabled
        )
        assert app.screen.query_one("#ended").display
        await pilot.press("enter")  # the "See the scorecard" button has focus
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        verdict = text_of(app.screen.query_one(Verdict))
        assert "WON" in verdict and str(call_screen.call.scorecard().overall) in verdict
        criteria = text_of(app.screen.query_one("#criteria"))
        assert "turn 1, ownership" in criteria
        assert "that's on us" in criteria  # evidence quoted from the trainee's own line
        # The script owns the failures (no "I'm sorry" or fix named with it) and proposes only
        # at the end: both criteria stop at half marks, so the tips name them; a won call needs
        # no word on the overall score.
        tips = text_of(app.screen.query_one("#tips"))
        assert "Ownership:" in tips and "Next steps:" in tips
        assert "Overall" not in tips


async def test_losing_call_and_review(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        said = await play(pilot, script("lose"))
        # Excuses, a defence of the record and a put-down: the customer ends the call, and the
        # lines after the end are never said.
        assert said and said == script("lose")[: len(said)]
        assert screen.call.outcome == "lost"
        assert len(screen.call.turns) == len(said)
        await pilot.press("enter")
        await pilot.pause()
        assert "LOST" in text_of(app.screen.query_one(Verdict))
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        detail = app.screen.query_one(TurnDetail)
        n = len(said)
        assert f"Turn 1 of {n}" in text_of(detail)
        await pilot.press("right")
        await pilot.pause()
        two = text_of(detail)
        assert f"Turn 2 of {n}" in two
        assert "excuse" in two and "change board" in two  # detection with evidence
        turn = screen.call.turns[1]
        moved = f"{mood_label(turn.mood_before)} → {mood_label(turn.mood_after)}"
        assert moved in two and "heard excuse (-1)" in two
        assert f"{turn.score_events[0].points}" in two  # the rubric's score event
        assert "A stronger line" in two
        await pilot.press(*["right"] * n)  # past the end stays on the last turn
        assert f"Turn {n} of {n}" in text_of(detail)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_rubric_panel_toggles_and_updates(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        panel = screen.query_one("#rubric")
        assert panel.display
        await say(pilot, script("win")[0])
        heard = text_of(screen.query_one("#heard"))
        assert "ownership" in heard and "that's on us" in heard
        assert "Ownership" in text_of(screen.query_one("#scores"))
        await pilot.press("f3")
        assert not panel.display
        await pilot.press("f3")
        assert panel.display


async def test_hint_comes_from_the_coach(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        expected = hint(screen.call).text
        await pilot.press("f2")
        await pilot.pause()
        coach = [b for b in screen.query(Bubble) if b.kind == "coach"]
        assert [b.text for b in coach] == [expected]


async def test_markup_like_input_is_shown_literally(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await pilot.press(*"[bold]hi[/")  # typed key by key
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, "[link=x] click [/link] [red]")
        await say(pilot, "[@click=app.quit]bye[/]")
        mine = [b for b in screen.query(Bubble) if b.kind == "trainee"]
        assert [b.text for b in mine] == [
            "[bold]hi[/",
            "[link=x] click [/link] [red]",
            "[@click=app.quit]bye[/]",
        ]
        assert "[bold]hi[/" in text_of(mine[0])
        assert "[link=x]" in text_of(mine[1])
        assert app.is_running
        svg = app.export_screenshot()
        assert "[bold]hi[/" in svg.replace("&#160;", " ")


async def test_input_history_with_up_and_down(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await say(pilot, "first line here")
        await say(pilot, "second line here")
        line = screen.query_one("#line", Input)
        await pilot.press("up")
        assert line.value == "second line here"
        await pilot.press("up")
        assert line.value == "first line here"
        await pilot.press("down", "down")
        assert line.value == ""


async def test_reply_waits_for_typing_without_blocking(app_factory: AppFactory) -> None:
    # A delay long enough that a loaded machine still sees the indicator before the reply
    # (at 0.3 s the reply sometimes came first on CI, and the indicator was already gone).
    app = app_factory(reply_delay=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await say(pilot, script("win")[0])
        indicator = screen.query_one("#typing")
        assert "Walt is typing" in text_of(indicator)
        assert len(screen.query_one(Transcript).bubbles()) == 2  # opening + the trainee line
        await pilot.press(*"still typing")  # the input stays live meanwhile
        assert screen.query_one("#line", Input).value == "still typing"
        for _ in range(100):  # the 2 s delay, with room for a loaded machine
            await pilot.pause(0.1)
            if len(screen.query_one(Transcript).bubbles()) == 3:
                break
        assert len(screen.query_one(Transcript).bubbles()) == 3
        assert "typing" not in text_of(indicator)
        assert "listening" in text_of(screen.query_one(MoodMeter))


async def test_end_call_key_hangs_up(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await say(pilot, script("win")[0])
        await pilot.press("f4")
        await pilot.pause()
        assert screen.call.outcome == "open"
        await pilot.press("enter")
        await pilot.pause()
        assert "ENDED WITHOUT A DECISION" in text_of(app.screen.query_one(Verdict))


async def test_retry_starts_a_fresh_call(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_call(pilot)
        await play(pilot, script("lose"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.call.turns == []
        assert len(app.screen_stack) == 3  # default, home, the call: nothing piles up


async def test_assessment_hides_help_and_gives_a_verdict(app_factory: AppFactory) -> None:
    for kind, outcome, word in (("win", "won", "PASSED"), ("lose", "lost", "FAILED")):
        app = app_factory(mode="assessment")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await to_call(pilot)
            assert not screen.query_one("#rubric").display
            await pilot.press("f2", "f3")
            assert not screen.query_one("#rubric").display
            assert not [b for b in screen.query(Bubble) if b.kind == "coach"]
            await play(pilot, script(kind))
            assert screen.call.outcome == outcome
            await pilot.press("enter")
            await pilot.pause()
            shown = text_of(app.screen.query_one(Verdict))
            assert word in shown and ({"PASSED", "FAILED"} - {word}).pop() not in shown


async def test_same_seed_same_customer(app_factory: AppFactory) -> None:
    """Two runs with seed 7 show the replies the engine gives for seed 7, line for line."""
    results: list[list[str]] = []
    heard: list[str] = []
    for seed in (7, 7):
        app = app_factory(seed=seed, scenario=SCENARIO)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BriefingScreen)  # the CLI's SCENARIO argument
            await pilot.press("enter")
            await pilot.pause()
            await play(pilot, script("lose"))
            assert isinstance(app.screen, CallScreen)
            call = app.screen.call
            heard = [t.trainee for t in call.turns]
            results.append([b.text for b in app.screen.query(Bubble) if b.kind == "customer"])
    engine = Call(call.scenario, seed=7)
    expected = [engine.opening, *(engine.say(line).customer for line in heard)]
    assert len(heard) >= 2 and results[0] == results[1] == expected


async def test_setup_choices_reach_the_call(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.press(*"Dana")
        assert app.setup.trainee == "Dana"
        app.screen.query_one("#difficulty").value = "hard"  # type: ignore[attr-defined]
        app.screen.query_one("#mode").value = "assessment"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.setup.difficulty == "hard" and app.setup.mode == "assessment"
        app.screen.query_one("#scenarios").focus()
        screen = await to_call(pilot)
        assert screen.call.difficulty == "hard"
        assert screen.call.trainee_name == "Dana"
        assert not screen.setup.practice


async def test_help_screen_opens_and_closes(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_command_palette_plays_a_scenario(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Play: The best of")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.scenario.id == SCENARIO


async def test_resizing_keeps_the_call_and_its_lines(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        sizes = [(80, 24), (40, 12), (200, 60), (20, 8), (120, 40)]
        for size in sizes:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        screen = await to_call(pilot)
        for line in script("win")[:3]:
            await say(pilot, line)
        for size in sizes:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert [t.trainee for t in screen.call.turns] == script("win")[:3]
        assert len([b for b in screen.query(Bubble) if b.kind == "trainee"]) == 3
        await pilot.press("f4")
        await pilot.press("enter")
        await pilot.pause()
        for size in sizes:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)


async def test_light_theme_bubbles_are_dark_on_light(app_factory: AppFactory) -> None:
    """In the light theme every bubble is readable: dark text on a light background."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        screen = await to_call(pilot)
        await say(pilot, script("win")[0])
        await pilot.press("enter")
        bubbles = list(screen.query(Bubble))
        assert {b.kind for b in bubbles} == {"customer", "trainee"}
        for b in bubbles:
            fg, bg = b.rich_style.color, b.rich_style.bgcolor
            assert fg is not None and bg is not None
            assert Color.from_rich_color(fg).brightness < 0.5 < Color.from_rich_color(bg).brightness


async def test_enter_in_the_name_goes_to_the_scenario_list(app_factory: AppFactory) -> None:
    """Arrow keys after typing a name choose a scenario; they must not change the difficulty."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Ana", "enter")
        await pilot.pause()
        assert isinstance(app.focused, ScenarioList)
        await pilot.press("down", "up")
        await pilot.pause()
        assert app.setup.trainee == "Ana" and app.setup.difficulty is None


async def test_small_terminal_briefing_cues_the_rest_and_the_header_fits(
    app_factory: AppFactory,
) -> None:
    """At 80x24 the goal is below the fold: a cue says so until the end is reached; the call's
    header shows the customer's whole role and company (on a second line if need be)."""
    app = app_factory(scenario=SCENARIO)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        more = app.screen.query_one("#more")
        assert more.visible and "more below" in text_of(more)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert not more.visible
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        title = app.screen.query_one("#call-title")
        lines = [ln.text for ln in title.render_lines(title.region.reset_offset)]
        assert "Walt Brennan, Head of IT, Keystone Mutual" in "\n".join(lines)
    app = app_factory(scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#more").visible  # it all fits


async def test_the_app_says_words_not_ids(app_factory: AppFactory) -> None:
    """A loss by mood names the mood as words; the doubled first reply's reason shows once;
    a hang-up is "you ended the call"."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await say(pilot, "You're overreacting.")
        assert screen.call.end_reason.endswith("walked_out")  # the engine's own words
        ended = text_of(screen.query_one("#ended-text"))
        assert "fell to walked out" in ended and "_" not in ended
        await pilot.press("enter")
        await pilot.pause()
        assert "fell to walked out" in text_of(app.screen.query_one(Verdict))
        await pilot.press("v")
        await pilot.pause()
        detail = text_of(app.screen.query_one(TurnDetail))
        assert detail.count("first reply counts double") == 1
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert "you ended the call" in text_of(screen.query_one("#ended-text"))
        assert "trainee" not in text_of(screen.query_one("#ended-text"))


def test_help_keys_never_run_into_their_text() -> None:
    from trainer.app.screens.help import SECTIONS, help_text

    lines = str(help_text()).splitlines()
    for _, keys in SECTIONS:
        for key, what in keys:
            assert any(ln.strip().startswith(key + " ") and ln.endswith(what) for ln in lines), key


async def test_assessment_has_no_rewind(app_factory: AppFactory) -> None:
    """An assessment counts the first try: F6 and the palette offer no rewind (practice does)."""
    for mode, offered in (("assessment", False), ("practice", True)):
        app = app_factory(mode=mode)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await to_call(pilot)
            for line in script("lose")[:2]:
                await say(pilot, line)
            await pilot.press("f4")  # the call is over, as after a loss
            await pilot.pause()
            assert screen.call.ended
            assert bool(screen.check_action("rewind", ())) is offered
            await pilot.press("f6")
            await pilot.pause()
            assert (type(app.screen).__name__ == "RewindScreen") is offered


async def test_review_says_what_did_not_count(app_factory: AppFactory) -> None:
    """A bare list of words is a fragment: the review says it earned nothing, rather than only
    "nothing in particular"; a turn that owned the failures carries no such note."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_call(pilot)
        await say(pilot, script("win")[0])
        await say(pilot, "root cause, owners, dates")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        detail = app.screen.query_one(TurnDetail)
        assert "Turn 1 of 2" in text_of(detail) and "did not count" not in text_of(detail)
        await pilot.press("right")
        await pilot.pause()
        two = text_of(detail)
        assert "Turn 2 of 2" in two and "did not count: a fragment earns nothing" in two
