#include "drivers/camera/memory_source.hpp"

#include <map>

namespace ow::drivers::camera {
namespace {
std::mutex g_mu;
std::map<std::string, std::weak_ptr<MemoryFrames>>& registry() {
  static std::map<std::string, std::weak_ptr<MemoryFrames>> r;
  return r;
}
}  // namespace

void MemoryFrames::show(Frame frame) {
  std::lock_guard lock(mu_);
  frame_ = std::move(frame);
}

void MemoryFrames::set_present(bool present) {
  std::lock_guard lock(mu_);
  present_ = present;
}

bool MemoryFrames::present() const {
  std::lock_guard lock(mu_);
  return present_;
}

std::optional<Frame> MemoryFrames::take() {
  std::lock_guard lock(mu_);
  ++reads_;
  if (!present_) return std::nullopt;
  return frame_;
}

std::size_t MemoryFrames::reads() const {
  std::lock_guard lock(mu_);
  return reads_;
}

std::shared_ptr<void> register_memory_frames(const std::string& name, std::shared_ptr<MemoryFrames> frames) {
  std::lock_guard lock(g_mu);
  std::weak_ptr<MemoryFrames> previous = registry()[name];
  registry()[name] = frames;
  // The handle restores what was there before (usually nothing) when it goes.
  return std::shared_ptr<void>(frames.get(), [name, previous, frames](void*) {
    std::lock_guard unregistering(g_mu);
    auto it = registry().find(name);
    if (it != registry().end() && it->second.lock() == frames) {
      if (previous.expired()) registry().erase(it);
      else it->second = previous;
    }
  });
}

std::shared_ptr<MemoryFrames> find_memory_frames(const std::string& name) {
  std::lock_guard lock(g_mu);
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : it->second.lock();
}

}  // namespace ow::drivers::camera
