#include "image/image.h"

#include <mutex>

namespace shellcarve {

struct Image::DamageLog {
  std::mutex mutex;
  std::vector<ReadDamage> entries;
};

std::shared_ptr<Image::DamageLog> Image::make_damage_log() {
  return std::make_shared<DamageLog>();
}

std::vector<ReadDamage> Image::take_damage() {
  std::lock_guard lock(damage_->mutex);
  return std::exchange(damage_->entries, {});
}

void Image::record_damage(ReadDamage damage) {
  std::lock_guard lock(damage_->mutex);
  damage_->entries.push_back(std::move(damage));
}

}  // namespace shellcarve
