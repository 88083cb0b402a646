// the suite runs where the service runs: Linux (Unix file modes, LibreOffice, Tesseract, RabbitMQ and Chromium from Debian)
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
