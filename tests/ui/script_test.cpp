#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ui/script.hpp"

using namespace ow::ui;

TEST_CASE("script lines parse into steps; quotes hold spaces; comments are skipped") {
  auto steps = parse_script("# comment\n"
                            "tap \"开始 办事\"\n"
                            "type \"a \\\"b\\\"\"\n"
                            "\n"
                            "wait_screen form   # trailing comment\n"
                            "sleep_ms 250\n"
                            "advance_clock_s 85\n"
                            "screenshot 01-attract\n"
                            "expect_text 受理编号\n"
                            "sign \"签名区\"\n"
                            "expect_absent 张三\n");
  REQUIRE_MESSAGE(steps, steps.error().message);
  REQUIRE(steps->size() == 9);
  CHECK((*steps)[7].kind == StepKind::Sign);
  CHECK((*steps)[7].arg == "签名区");
  CHECK((*steps)[8].kind == StepKind::ExpectAbsent);
  CHECK((*steps)[0].kind == StepKind::Tap);
  CHECK((*steps)[0].arg == "开始 办事");
  CHECK((*steps)[0].line == 2);
  CHECK((*steps)[1].arg == "a \"b\"");
  CHECK((*steps)[2].arg == "form");
  CHECK((*steps)[3].number == 250);
  CHECK((*steps)[4].kind == StepKind::AdvanceClock);
  CHECK((*steps)[6].arg == "受理编号");
}

TEST_CASE("bad scripts name the line and what is wrong") {
  auto unknown = parse_script("tap \"x\"\nclick here\n");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message.find("line 2") != std::string::npos);
  CHECK(unknown.error().message.find("click") != std::string::npos);
  CHECK_FALSE(parse_script("tap \"unterminated\n"));
  CHECK_FALSE(parse_script("sleep_ms soon\n"));
  CHECK_FALSE(parse_script("tap\n"));
}

TEST_CASE("the runner taps in hover, press and release frames, then reports a missing widget") {
  auto steps = parse_script("tap \"提交\"\ntap \"不存在\"\n");
  REQUIRE(steps);
  ScriptRunner runner(std::move(*steps), "/tmp");
  FrameRecord rec;
  rec.add_target("提交", ImVec2(10, 10), ImVec2(30, 50));
  auto no_capture = [](const std::filesystem::path&) { return true; };
  runner.after_frame(rec, "form", no_capture);  // finds the button
  auto hover = runner.input_for_frame();
  REQUIRE(hover.mouse_pos);
  CHECK(hover.mouse_pos->x == 20);
  CHECK(hover.mouse_pos->y == 30);
  CHECK_FALSE(hover.mouse_down);
  runner.after_frame(rec, "form", no_capture);
  CHECK(runner.input_for_frame().mouse_down);
  runner.after_frame(rec, "form", no_capture);
  auto release = runner.input_for_frame();
  CHECK(release.mouse_pos);
  CHECK_FALSE(release.mouse_down);
  CHECK_FALSE(runner.finished());
}

TEST_CASE("sign draws a stroke across the widget with the finger down; expect_absent fails on a shown text") {
  auto steps = parse_script("sign \"签名区\"\nexpect_absent \"张三\"\n");
  REQUIRE(steps);
  ScriptRunner runner(std::move(*steps), "/tmp");
  FrameRecord rec;
  rec.add_target("签名区", ImVec2(100, 100), ImVec2(500, 300));
  rec.add_text("申请人：张三");
  auto no_capture = [](const std::filesystem::path&) { return true; };
  runner.after_frame(rec, "review", no_capture);  // finds the pad
  float first_x = 0, last_x = 0;
  int down_frames = 0;
  for (int i = 0; i < 40 && !runner.finished(); ++i) {
    const ScriptInput in = runner.input_for_frame();
    if (in.mouse_down) {
      REQUIRE(in.mouse_pos);
      if (down_frames++ == 0) first_x = in.mouse_pos->x;
      last_x = in.mouse_pos->x;
      CHECK(in.mouse_pos->x >= 100);
      CHECK(in.mouse_pos->x <= 500);
      CHECK(in.mouse_pos->y >= 100);
      CHECK(in.mouse_pos->y <= 300);
    }
    runner.after_frame(rec, "review", no_capture);
  }
  CHECK(down_frames > 10);
  CHECK(last_x - first_x > 200);  // most of the pad's width
  REQUIRE(runner.failed());
  CHECK(runner.failure().find("张三") != std::string::npos);
}

TEST_CASE("write takes a label and strokes of x,y points in percent; bad strokes name the line") {
  auto steps = parse_script("write \"手写区\" \"10,45 90,45 / 50,10 50,50 50,90\"\n");
  REQUIRE_MESSAGE(steps, steps.error().message);
  REQUIRE(steps->size() == 1);
  const Step& w = steps->front();
  CHECK(w.kind == StepKind::Write);
  CHECK(w.arg == "手写区");
  REQUIRE(w.strokes.size() == 2);
  CHECK(w.strokes[0].size() == 2);
  CHECK(w.strokes[1].size() == 3);
  CHECK(w.strokes[1][2].x == 50);
  CHECK(w.strokes[1][2].y == 90);
  for (const char* bad : {"write \"手写区\"\n", "write \"手写区\" \"10,45 x\"\n", "write \"手写区\" \"10,45 / \"\n",
                          "write \"手写区\" \"10,145\"\n", "write \"手写区\" \"10;45\"\n", "tap \"a\" \"b\"\n"}) {
    CAPTURE(bad);
    auto parsed = parse_script(std::string("tap \"x\"\n") + bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().message.find("line 2") != std::string::npos);
  }
}

TEST_CASE("the runner writes each stroke as a press, a drag through its points and a lift, inside the widget") {
  auto steps = parse_script("write \"手写区\" \"0,0 100,0 / 50,50\"\n");
  REQUIRE(steps);
  ScriptRunner runner(std::move(*steps), "/tmp");
  FrameRecord rec;
  rec.add_target("手写区", ImVec2(100, 200), ImVec2(300, 400));
  auto no_capture = [](const std::filesystem::path&) { return true; };
  runner.after_frame(rec, "form", no_capture);  // finds the pad
  std::vector<ScriptInput> frames;
  while (!runner.finished() && frames.size() < 100) {
    frames.push_back(runner.input_for_frame());
    runner.after_frame(rec, "form", no_capture);
  }
  REQUIRE(runner.finished());
  CHECK_FALSE(runner.failed());
  // Stroke 1: over its start, down, 4 frames to its end, lifted; stroke 2 (a dot): over, down, lifted.
  int presses = 0;
  bool was_down = false;
  for (const auto& f : frames) {
    if (f.mouse_down && !was_down) ++presses;
    was_down = f.mouse_down;
    if (f.mouse_pos) {
      CHECK(f.mouse_pos->x >= 100);
      CHECK(f.mouse_pos->x <= 300);
      CHECK(f.mouse_pos->y >= 200);
      CHECK(f.mouse_pos->y <= 400);
    }
  }
  CHECK(presses == 2);
  REQUIRE(frames.size() >= 10);
  CHECK_FALSE(frames[0].mouse_down);
  CHECK(frames[1].mouse_down);
  CHECK(frames[1].mouse_pos->x == 100);
  CHECK(frames[5].mouse_pos->x == 300);
  CHECK(frames[5].mouse_down);
  CHECK_FALSE(frames[6].mouse_down);
  CHECK(frames[8].mouse_pos->x == 200);
  CHECK(frames[8].mouse_pos->y == 300);
}
