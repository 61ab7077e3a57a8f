#pragma once
// An ImGui context with the default font and one full-screen window open, for widget tests that
// read back what was drawn; anti-aliasing off, so every frame and border uses the white pixel.
#include <imgui.h>

namespace ow::ui::test {

class ImGuiFrame {
 public:
  ImGuiFrame() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini left in the working folder
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::GetStyle().AntiAliasedLines = false;
    ImGui::GetStyle().AntiAliasedFill = false;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("t", nullptr, ImGuiWindowFlags_NoDecoration);
  }
  ~ImGuiFrame() {
    ImGui::End();
    ImGui::EndFrame();
    ImGui::DestroyContext();
  }
  ImGuiFrame(const ImGuiFrame&) = delete;
  ImGuiFrame& operator=(const ImGuiFrame&) = delete;
};

}  // namespace ow::ui::test
