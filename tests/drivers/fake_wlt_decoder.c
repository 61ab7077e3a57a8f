/* Stands in for a vendor WLT library in tests: same entry point, output derived from the input so
   a test can tell the library really ran. It is not a WLT decoder. */
int unpack(char* src, char* dst, int save_bmp) {
  (void)save_bmp;
  if ((unsigned char)src[0] == 0xFF) return -1; /* lets a test see a refusal */
  for (int i = 0; i < 102 * 126 * 3; ++i) dst[i] = (char)(src[i % 1024] ^ 0x5A);
  return 1;
}
