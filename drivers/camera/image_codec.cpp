#include "drivers/camera/image_codec.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <jpeglib.h>
#include <opencv2/imgproc.hpp>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

namespace ow::drivers::camera {
namespace {

// libjpeg reports errors through a callback that must not return: jump back out of the call.
struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

[[noreturn]] void jpeg_fail(j_common_ptr cinfo) { std::longjmp(reinterpret_cast<JpegError*>(cinfo->err)->jump, 1); }
void jpeg_quiet(j_common_ptr /*cinfo*/, int /*level*/) {}

bool is_jpeg(std::span<const std::uint8_t> b) { return b.size() > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF; }

// No C++ object with a destructor lives between setjmp and the calls that may jump.
bool decode_jpeg_into(std::span<const std::uint8_t> bytes, cv::Mat& out) {
  jpeg_decompress_struct cinfo{};
  JpegError err{};
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.emit_message = jpeg_quiet;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_EXT_BGR;  // libjpeg-turbo writes OpenCV's channel order directly
  jpeg_start_decompress(&cinfo);
  out.create(static_cast<int>(cinfo.output_height), static_cast<int>(cinfo.output_width), CV_8UC3);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = out.ptr(static_cast<int>(cinfo.output_scanline));
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

bool encode_jpeg_into(const cv::Mat& m, int quality, unsigned char*& buf, unsigned long& size) {
  jpeg_compress_struct cinfo{};
  JpegError err{};
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.emit_message = jpeg_quiet;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&cinfo);
    return false;
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &buf, &size);
  cinfo.image_width = static_cast<JDIMENSION>(m.cols);
  cinfo.image_height = static_cast<JDIMENSION>(m.rows);
  cinfo.input_components = m.channels();
  cinfo.in_color_space = m.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(m.ptr(static_cast<int>(cinfo.next_scanline)));
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  return true;
}

void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const auto* p = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), p, p + size);
}

}  // namespace

cv::Mat decode_image(std::span<const std::uint8_t> bytes) {
  cv::Mat out;
  if (is_jpeg(bytes)) {
    if (!decode_jpeg_into(bytes, out)) return {};
    return out;
  }
  int w = 0, h = 0, n = 0;
  stbi_uc* rgb = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &n, 3);
  if (!rgb) return {};
  cv::cvtColor(cv::Mat(h, w, CV_8UC3, rgb), out, cv::COLOR_RGB2BGR);
  stbi_image_free(rgb);
  return out;
}

cv::Mat read_image(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_image(bytes);
}

std::vector<std::uint8_t> encode_jpeg(const cv::Mat& image, int quality) {
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) return {};
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  std::vector<std::uint8_t> out;
  if (encode_jpeg_into(image, std::clamp(quality, 1, 100), buf, size)) out.assign(buf, buf + size);
  std::free(buf);
  return out;
}

std::vector<std::uint8_t> encode_png(const cv::Mat& image) {
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) return {};
  cv::Mat m = image;
  if (m.channels() == 3) cv::cvtColor(image, m, cv::COLOR_BGR2RGB);
  std::vector<std::uint8_t> out;
  if (!stbi_write_png_to_func(append_bytes, &out, m.cols, m.rows, m.channels(), m.data, static_cast<int>(m.step))) return {};
  return out;
}

}  // namespace ow::drivers::camera
