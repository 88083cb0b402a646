using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using SimilarityEngine.Ingest.Legacy;
using W = DocumentFormat.OpenXml.Wordprocessing;
using V = DocumentFormat.OpenXml.Vml;

namespace SampleGen;

/// <summary>Writes the .docx samples of corpus-samples/ (tools/make-samples.sh converts them to .doc and PDF).</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 2 && args[0] == "scan")
        {
            // scan OUT.pdf PAGE.png...: an image-only PDF, as a scanner makes
            using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
            foreach (var png in args[2..])
            {
                var page = builder.AddPage(595, 842);
                page.AddPng(File.ReadAllBytes(png), new UglyToad.PdfPig.Core.PdfRectangle(0, 0, 595, 842));
            }
            File.WriteAllBytes(args[1], builder.Build());
            return 0;
        }
        string outDir = args.Length > 0 ? args[0] : "corpus-samples";
        Directory.CreateDirectory(outDir);
        Directory.CreateDirectory(Path.Combine(outDir, "screen"));
        Features(Path.Combine(outDir, "vi-features.docx"), nfd: false);
        Features(Path.Combine(outDir, "vi-nfd.docx"), nfd: true);
        Tcvn3(Path.Combine(outDir, "vi-tcvn3.docx"));
        Prose(Path.Combine(outDir, "vi-prose.docx"));
        Vni(Path.Combine(outDir, "vi-vni.docx"));
        Screen(Path.Combine(outDir, "screen"));
        Console.WriteLine($"samples written to {outDir}");
        return 0;
    }

    // ---- building blocks ----------------------------------------------------------------

    private sealed class Doc : IDisposable
    {
        private readonly WordprocessingDocument _doc;
        public W.Body Body { get; }
        public MainDocumentPart Main { get; }

        public Doc(string path, string? defaultFont = null)
        {
            _doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
            _doc.PackageProperties.Creator = "SimilarityEngine sample generator";
            _doc.PackageProperties.Created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            _doc.PackageProperties.Modified = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            Main = _doc.AddMainDocumentPart();
            Main.Document = new W.Document(Body = new W.Body());
            var styles = Main.AddNewPart<StyleDefinitionsPart>();
            string font = defaultFont ?? "Times New Roman";
            styles.Styles = new W.Styles(
                new W.DocDefaults(new W.RunPropertiesDefault(new W.RunPropertiesBaseStyle(
                    new W.RunFonts { Ascii = font, HighAnsi = font, ComplexScript = font }, new W.FontSize { Val = "26" }))),
                new W.Style(new W.StyleName { Val = "Normal" }) { Type = W.StyleValues.Paragraph, StyleId = "Normal", Default = true },
                new W.Style(new W.StyleName { Val = "heading 1" }, new W.BasedOn { Val = "Normal" },
                    new W.StyleParagraphProperties(new W.OutlineLevel { Val = 0 }),
                    new W.StyleRunProperties(new W.Bold()))
                { Type = W.StyleValues.Paragraph, StyleId = "Heading1" });
        }

        public W.Paragraph Para(string text, bool heading = false, string? font = null)
        {
            var p = new W.Paragraph();
            if (heading)
            {
                p.Append(new W.ParagraphProperties(new W.ParagraphStyleId { Val = "Heading1" }));
            }
            p.Append(Run(text, font));
            Body.Append(p);
            return p;
        }

        public static W.Run Run(string text, string? font = null, bool hidden = false)
        {
            var r = new W.Run();
            var rp = new W.RunProperties();
            if (font is not null)
            {
                rp.Append(new W.RunFonts { Ascii = font, HighAnsi = font });
            }
            if (hidden)
            {
                rp.Append(new W.Vanish());
            }
            if (rp.HasChildren)
            {
                r.Append(rp);
            }
            r.Append(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve });
            return r;
        }

        public void Table(string[][] rows)
        {
            var t = new W.Table(new W.TableProperties(new W.TableBorders(
                new W.TopBorder { Val = W.BorderValues.Single, Size = 4 }, new W.BottomBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.LeftBorder { Val = W.BorderValues.Single, Size = 4 }, new W.RightBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.InsideHorizontalBorder { Val = W.BorderValues.Single, Size = 4 }, new W.InsideVerticalBorder { Val = W.BorderValues.Single, Size = 4 })));
            foreach (var row in rows)
            {
                var tr = new W.TableRow();
                foreach (var cell in row)
                {
                    tr.Append(new W.TableCell(new W.TableCellProperties(new W.TableCellWidth { Width = "2400", Type = W.TableWidthUnitValues.Dxa }),
                        new W.Paragraph(Run(cell))));
                }
                t.Append(tr);
            }
            Body.Append(t);
        }

        public void Header(string text)
        {
            var hp = Main.AddNewPart<HeaderPart>();
            hp.Header = new W.Header(new W.Paragraph(Run(text)));
            var fp = Main.AddNewPart<FooterPart>();
            fp.Footer = new W.Footer(new W.Paragraph(Run("Lưu hành nội bộ - Trang "), new W.Run(new W.SimpleField { Instruction = "PAGE" })));
            Body.Append(new W.SectionProperties(
                new W.HeaderReference { Type = W.HeaderFooterValues.Default, Id = Main.GetIdOfPart(hp) },
                new W.FooterReference { Type = W.HeaderFooterValues.Default, Id = Main.GetIdOfPart(fp) },
                new W.PageSize { Width = 11906, Height = 16838 },
                new W.PageMargin { Top = 1134, Bottom = 1134, Left = 1418, Right = 1134, Header = 567, Footer = 567 }));
        }

        public void Footnote(W.Paragraph p, string before, string note, string after)
        {
            var fnPart = Main.AddNewPart<FootnotesPart>();
            fnPart.Footnotes = new W.Footnotes(
                new W.Footnote(new W.Paragraph(new W.Run(new W.SeparatorMark()))) { Type = W.FootnoteEndnoteValues.Separator, Id = -1 },
                new W.Footnote(new W.Paragraph(new W.Run(new W.ContinuationSeparatorMark()))) { Type = W.FootnoteEndnoteValues.ContinuationSeparator, Id = 0 },
                new W.Footnote(new W.Paragraph(Run(note))) { Id = 1 });
            p.Append(Run(before), new W.Run(new W.RunProperties(new W.VerticalTextAlignment { Val = W.VerticalPositionValues.Superscript }),
                new W.FootnoteReference { Id = 1 }), Run(after));
        }

        public void TextBox(string text)
        {
            var shape = new V.Shape(new V.TextBox(new W.TextBoxContent(new W.Paragraph(Run(text)))))
            {
                Id = "box1",
                Style = "position:absolute;margin-left:0;margin-top:0;width:420pt;height:40pt;z-index:1",
                Type = "#_x0000_t202",
            };
            Body.Append(new W.Paragraph(new W.Run(new W.Picture(shape))));
        }

        public void Dispose()
        {
            if (Body.Elements<W.SectionProperties>().LastOrDefault() is { } sp)
            {
                sp.Remove();
                Body.Append(sp); // sectPr must be the body's last child
            }
            _doc.Dispose();
        }
    }

    // ---- extraction samples -------------------------------------------------------------

    private static string MaybeNfd(string s, bool nfd) => nfd ? s.Normalize(NormalizationForm.FormD) : s;

    private static void Features(string path, bool nfd)
    {
        using var d = new Doc(path);
        string T(string s) => MaybeNfd(s, nfd);
        d.Header(T("Trường Tiểu học Hoà Bình - Báo cáo sáng kiến năm học 2024-2025"));
        d.Para(T("BÁO CÁO SÁNG KIẾN KINH NGHIỆM"), heading: true);
        d.Para(T("ĐỀ TÀI: MỘT SỐ BIỆN PHÁP RÈN KĨ NĂNG ĐỌC CHO HỌC SINH LỚP HAI"), heading: true);
        d.Para(T("I. ĐẶT VẤN ĐỀ"), heading: true);
        foreach (var p in Texts.BodyA_Reasons)
        {
            d.Para(T(p));
        }
        var fp = new W.Paragraph();
        d.Body.Append(fp);
        d.Footnote(fp, T("Kết quả khảo sát được tổng hợp vào cuối tháng chín."), T("Số liệu do giáo viên chủ nhiệm lớp 2A thống kê."), T(" Các bước tiếp theo được trình bày dưới đây."));
        d.TextBox(T("Lưu ý: dữ liệu về học sinh được giữ kín."));
        d.Para(T(Texts.AllVowels));
        d.Para(T("Hai cách bỏ dấu cùng tồn tại: hoà bình và hòa bình, thuỷ chung và thủy chung, khoẻ mạnh và khỏe mạnh."));
        var hiddenPara = new W.Paragraph(Doc.Run(T("Đoạn này hiển thị. ")), Doc.Run(T("Chữ ẩn không được tính."), hidden: true));
        d.Body.Append(hiddenPara);
        d.Table([[T("STT"), T("Nội dung"), T("Kết quả")], [T("1"), T("Khảo sát đầu năm"), T("Hoàn thành")], [T("2"), T("Luyện đọc theo cặp"), T("Đạt 95%")]]);
        d.Para(T("II. GIẢI QUYẾT VẤN ĐỀ"), heading: true);
        foreach (var p in Texts.BodyA_Measures.Take(2))
        {
            d.Para(T(p));
        }
    }

    // plain prose, the source of the scanned sample
    private static void Prose(string path)
    {
        using var d = new Doc(path);
        d.Para("XÂY DỰNG VƯỜN TRƯỜNG ĐỂ DẠY HỌC MÔN KHOA HỌC", heading: true);
        foreach (var p in Texts.BodyC_Reasons.Concat(Texts.BodyC_Measures).Concat(Texts.BodyC_Results))
        {
            d.Para(p);
        }
    }

    private static void Tcvn3(string path)
    {
        // VI: the default font is .VnTime (docDefaults), so most runs carry no font of their own: A08.
        using var d = new Doc(path, ".VnTime");
        d.Para(LegacyEncoder.EncodeTcvn3("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", capitals: true), font: ".VnTimeH");
        d.Para(LegacyEncoder.EncodeTcvn3("Độc lập - Tự do - Hạnh phúc"));
        d.Para(LegacyEncoder.EncodeTcvn3("SÁNG KIẾN KINH NGHIỆM", capitals: true), heading: true, font: ".VnTimeH");
        d.Para(LegacyEncoder.EncodeTcvn3("Cộng hòa xã hội chủ nghĩa Việt Nam"));
        // 'ư' written as Word writes it: a <w:softHyphen/> element between two text runs
        d.Body.Append(new W.Paragraph(Doc.Run("Tr"), new W.Run(new W.SoftHyphen()), Doc.Run(LegacyEncoder.EncodeTcvn3("ờng mầm non Hoa Sen"))));
        // and as the character U+00AD inside the text
        d.Para(LegacyEncoder.EncodeTcvn3("Người thực hiện: Nguyễn Thị Thương"));
        d.Para(LegacyEncoder.EncodeTcvn3("TRƯỜNG TIỂU HỌC", capitals: true), font: ".VnTimeH");
        // mixed paragraph: TCVN3 run + Unicode run (A09); Unicode text in a .VnTime run is left alone (A10)
        d.Body.Append(new W.Paragraph(Doc.Run(LegacyEncoder.EncodeTcvn3("Lý do chọn đề tài: ")), Doc.Run("kĩ năng đọc là nền tảng.", "Times New Roman")));
        d.Para("Cộng hòa xã hội chủ nghĩa Việt Nam (gõ Unicode trong phông .VnTime)");
        foreach (var p in Texts.BodyA_Reasons)
        {
            d.Para(LegacyEncoder.EncodeTcvn3(p));
        }
        var soft = new W.Paragraph();
        d.Body.Append(soft);
        // a soft hyphen inside a Unicode run is removed, not read as 'ư' (A05)
        soft.Append(Doc.Run("Sáng ki\u00ADến kinh nghiệm", "Times New Roman"));
    }

    private static void Vni(string path)
    {
        using var d = new Doc(path, "VNI-Times");
        d.Para(LegacyEncoder.EncodeVni("Cộng hòa xã hội chủ nghĩa Việt Nam"));
        d.Para(LegacyEncoder.EncodeVni("Độc lập - Tự do - Hạnh phúc"));
        d.Para(LegacyEncoder.EncodeVni("Trường Tiểu học Hoa Sen"));
        // a VNI letter split across two runs of the same font: "Vie" | "ät" (A07)
        string viet = LegacyEncoder.EncodeVni("Việt");
        d.Body.Append(new W.Paragraph(Doc.Run("Tieáng "), Doc.Run(viet[..3]), Doc.Run(viet[3..] + " Nam")));
        d.Para("Cộng hòa xã hội chủ nghĩa Việt Nam (gõ Unicode trong phông VNI-Times)");
        foreach (var p in Texts.BodyA_Reasons)
        {
            d.Para(LegacyEncoder.EncodeVni(p));
        }
    }

    // ---- screening set --------------------------------------------------------------------

    private sealed record Report(string Id, string File, string Submitted, int Year, string Author, string School, string Title,
        string ClassName, int ClassSize, string[] Reasons, string[] Measures, string[] Results, string Encoding = "unicode");

    private static void Screen(string dir)
    {
        var reports = new[]
        {
            new Report("r1", "r1-doc-lop2.docx", "2023-03-10", 2023, "Trần Thị Mai", "Trường Tiểu học Hoa Sen",
                "Một số biện pháp rèn kĩ năng đọc cho học sinh lớp 2", "2A", 35, Texts.BodyA_Reasons, Texts.BodyA_Measures, Texts.BodyA_Results),
            new Report("r2", "r2-doc-lop2-ban-sao.docx", "2024-03-15", 2024, "Lê Văn Hùng", "Trường Tiểu học Bình Minh",
                "Nâng cao kĩ năng đọc cho học sinh lớp 2 qua hoạt động trải nghiệm", "2C", 38,
                [Texts.BodyA_Reasons[0].Replace("lớp hai", "lớp 2", StringComparison.Ordinal), Texts.BodyA_Reasons[1]],
                [Texts.BodyA_Measures[3], Texts.BodyA_Measures[0], Texts.BodyA_Measures[2], Texts.BodyA_Measures[1]], Texts.BodyA_Results),
            new Report("r3", "r3-toan-lop5.docx", "2023-04-02", 2023, "Phạm Quốc Bảo", "Trường Tiểu học Hoa Sen",
                "Sử dụng trò chơi học tập trong dạy học Toán lớp 5", "5B", 32, Texts.BodyB_Reasons, Texts.BodyB_Measures, Texts.BodyB_Results),
            new Report("r4", "r4-toan-lop5-tcvn3.docx", "2025-03-20", 2025, "Đỗ Thị Hằng", "Trường Tiểu học Sông Lam",
                "Tổ chức trò chơi trong giờ Toán cho học sinh lớp 5", "5A", 30, Texts.BodyB_Reasons, Texts.BodyB_Measures, Texts.BodyB_Results, "tcvn3"),
            new Report("r5", "r5-vuon-truong.docx", "2025-04-11", 2025, "Vũ Minh Tâm", "Trường Tiểu học Bình Minh",
                "Xây dựng vườn trường để dạy học môn Khoa học", "4A", 36, Texts.BodyC_Reasons, Texts.BodyC_Measures, Texts.BodyC_Results),
        };
        var manifest = new StringBuilder("id,file,submitted,year,author,school,district,title\n");
        foreach (var r in reports)
        {
            WriteReport(Path.Combine(dir, r.File), r);
            manifest.Append(CultureInfo(r)).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "manifest.csv"), manifest.ToString(), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, "expected-pairs.csv"), "submission_id,source_id\nr2,r1\nr4,r3\n", new UTF8Encoding(false));
    }

    private static string CultureInfo(Report r) =>
        string.Join(',', r.Id, r.File, r.Submitted, r.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Author, r.School, "Huyện Thanh Bình", "\"" + r.Title + "\"");

    private static void WriteReport(string path, Report r)
    {
        bool tcvn = r.Encoding == "tcvn3";
        using var d = new Doc(path, tcvn ? ".VnTime" : null);
        void P(string text, bool heading = false)
        {
            if (!tcvn)
            {
                d.Para(text, heading);
            }
            else if (heading)
            {
                d.Para(LegacyEncoder.EncodeTcvn3(text.ToUpperInvariant(), capitals: true), true, ".VnTimeH");
            }
            else
            {
                d.Para(LegacyEncoder.EncodeTcvn3(text));
            }
        }
        P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true);
        P("Độc lập - Tự do - Hạnh phúc");
        P("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN THANH BÌNH");
        P(r.School.ToUpperInvariant());
        P("SÁNG KIẾN KINH NGHIỆM", true);
        P("Đề tài: " + r.Title);
        P("Người thực hiện: " + r.Author);
        P("Chức vụ: Giáo viên");
        P("Đơn vị công tác: " + r.School);
        P($"Năm học: {r.Year - 1} - {r.Year}");
        P("MỤC LỤC", true);
        P("PHẦN I. ĐẶT VẤN ĐỀ .................................... 3");
        P("PHẦN II. GIẢI QUYẾT VẤN ĐỀ ............................ 5");
        P("PHẦN III. KẾT LUẬN, KIẾN NGHỊ ......................... 9");
        P("TÀI LIỆU THAM KHẢO .................................... 10");
        P("PHẦN I. ĐẶT VẤN ĐỀ", true);
        P("1. Lý do chọn đề tài");
        P(Texts.Quote);
        foreach (var x in r.Reasons)
        {
            P(x);
        }
        P("2. Đối tượng nghiên cứu");
        P($"Học sinh lớp {r.ClassName}, {r.School}, năm học {r.Year - 1} - {r.Year}, gồm {r.ClassSize} em.");
        P("PHẦN II. GIẢI QUYẾT VẤN ĐỀ", true);
        P("1. Thực trạng");
        P($"Kết quả khảo sát đầu năm của lớp {r.ClassName} như sau:");
        int n = r.ClassSize;
        d.Table([["Tốt", "Khá", "Trung bình", "Yếu"], [$"{n / 5}", $"{n / 3}", $"{n - n / 5 - n / 3 - 3}", "3"]]);
        P("2. Các biện pháp thực hiện");
        int k = 1;
        foreach (var m in r.Measures)
        {
            // copies renumber their measures
            P(System.Text.RegularExpressions.Regex.Replace(m, @"^Biện pháp \d+", $"Biện pháp {k++}"));
        }
        P("3. Hiệu quả của sáng kiến");
        foreach (var x in r.Results)
        {
            P(x);
        }
        P("PHẦN III. KẾT LUẬN, KIẾN NGHỊ", true);
        P(Texts.Closing);
        P(Texts.Declaration);
        P("TÀI LIỆU THAM KHẢO", true);
        foreach (var x in Texts.References)
        {
            P(x);
        }
    }
}
