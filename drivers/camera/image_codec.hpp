#pragma once
// JPEG and PNG in and out of cv::Mat without OpenCV's imgcodecs, whose Debian build drags GDAL,
// HDF5, poppler and OpenEXR into every program that links it (issue 25). JPEG goes through
// libjpeg-turbo (fast enough for full pages), everything else through stb (already linked for
// fonts). Includes OpenCV: only .cpp files that use OpenCV include it.
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

namespace ow::drivers::camera {

// 8-bit BGR; empty when the bytes are not a JPEG, PNG, BMP or PNM that can be read.
cv::Mat decode_image(std::span<const std::uint8_t> bytes);
cv::Mat read_image(const std::filesystem::path& file);
// An 8-bit gray or BGR image as a baseline JPEG (quality 1..100, 4:2:0 for colour); empty on failure.
std::vector<std::uint8_t> encode_jpeg(const cv::Mat& image, int quality);
// An 8-bit gray or BGR image as PNG; empty on failure.
std::vector<std::uint8_t> encode_png(const cv::Mat& image);

}  // namespace ow::drivers::camera
