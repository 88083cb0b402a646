namespace SimilarityEngine.Similarity.Matching;

/// <summary>Text every SKKN carries by form, not by copying: it never counts as a match.</summary>
/// <remarks>From the SKKN structure in shared notes (vietnamese.md §4.4): the national motto, cover fields,
/// section headings, the declaration and approval blocks, survey-table words, and official quotations
/// that are shared by design (Luật Giáo dục, Nghị quyết 29-NQ/TW, Hồ Chí Minh, campaign slogans).</remarks>
public static class SkknTemplate
{
    /// <summary>Template lines; their shingles are boilerplate wherever they occur.</summary>
    public static IReadOnlyList<string> Lines { get; } =
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "SÁNG KIẾN KINH NGHIỆM BÁO CÁO SÁNG KIẾN ĐƠN ĐỀ NGHỊ CÔNG NHẬN SÁNG KIẾN",
        "Người thực hiện Chức vụ Đơn vị công tác Tổ chuyên môn Lĩnh vực Năm học Mã số",
        "Kính gửi Hội đồng sáng kiến",
        "Tôi ghi tên dưới đây",
        "Số TT Họ và tên Ngày tháng năm sinh Nơi công tác Chức danh Trình độ chuyên môn Tỷ lệ đóng góp vào việc tạo ra sáng kiến",
        "Là tác giả đề nghị xét công nhận sáng kiến",
        "Chủ đầu tư tạo ra sáng kiến",
        "Lĩnh vực áp dụng sáng kiến",
        "Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử",
        "Mô tả bản chất của sáng kiến",
        "Những thông tin cần được bảo mật nếu có",
        "Các điều kiện cần thiết để áp dụng sáng kiến",
        "Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến theo ý kiến của tác giả",
        "Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến theo ý kiến của tổ chức cá nhân đã tham gia áp dụng sáng kiến lần đầu kể cả áp dụng thử",
        "Danh sách những tổ chức cá nhân đã tham gia áp dụng thử hoặc áp dụng sáng kiến lần đầu",
        "Tôi xin cam đoan mọi thông tin nêu trong đơn là trung thực đúng sự thật và hoàn toàn chịu trách nhiệm trước pháp luật",
        "Tôi xin cam đoan đây là sáng kiến kinh nghiệm của bản thân tôi viết không sao chép nội dung của người khác",
        "Người nộp đơn Ký và ghi rõ họ tên",
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
        "NHẬN XÉT ĐÁNH GIÁ CỦA HỘI ĐỒNG KHOA HỌC",
        "NHẬN XÉT ĐÁNH GIÁ XẾP LOẠI CỦA HỘI ĐỒNG SÁNG KIẾN CẤP TRƯỜNG",
        "PHẦN I ĐẶT VẤN ĐỀ PHẦN II GIẢI QUYẾT VẤN ĐỀ PHẦN III KẾT LUẬN VÀ KIẾN NGHỊ",
        "MỞ ĐẦU Lý do chọn đề tài Mục đích nghiên cứu Đối tượng nghiên cứu Phương pháp nghiên cứu",
        "Phạm vi và thời gian nghiên cứu Đối tượng và phạm vi nghiên cứu Những điểm mới của sáng kiến kinh nghiệm",
        "NỘI DUNG SÁNG KIẾN KINH NGHIỆM Cơ sở lý luận của sáng kiến kinh nghiệm",
        "Thực trạng vấn đề trước khi áp dụng sáng kiến kinh nghiệm",
        "Các giải pháp đã sử dụng để giải quyết vấn đề",
        "Các sáng kiến kinh nghiệm hoặc các giải pháp đã sử dụng để giải quyết vấn đề",
        "Hiệu quả của sáng kiến kinh nghiệm đối với hoạt động giáo dục với bản thân đồng nghiệp và nhà trường",
        "KẾT LUẬN KIẾN NGHỊ Kết luận Kiến nghị Đối với nhà trường Đối với phòng giáo dục",
        "TÀI LIỆU THAM KHẢO PHỤ LỤC MỤC LỤC DANH MỤC CHỮ VIẾT TẮT",
        "Thuận lợi Khó khăn Kết quả khảo sát đầu năm Kết quả khảo sát cuối năm",
        "Tốt Khá Trung bình Yếu Kém Số lượng Tỷ lệ Đạt Chưa đạt Tổng số",
        "Giỏi Khá Trung bình Yếu Số học sinh Tỉ lệ",
        "Trên đây là sáng kiến kinh nghiệm của tôi rất mong nhận được sự đóng góp ý kiến của các cấp lãnh đạo và bạn bè đồng nghiệp",
        "Tôi xin chân thành cảm ơn",
        "Mỗi thầy giáo cô giáo là một tấm gương đạo đức tự học và sáng tạo",
        "Học mà chơi chơi mà học",
        "đổi mới căn bản toàn diện giáo dục và đào tạo đáp ứng yêu cầu công nghiệp hóa hiện đại hóa trong điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế",
        "Vì lợi ích mười năm thì phải trồng cây vì lợi ích trăm năm thì phải trồng người",
        "Non sông Việt Nam có trở nên tươi đẹp hay không dân tộc Việt Nam có bước tới đài vinh quang để sánh vai với các cường quốc năm châu được hay không chính là nhờ một phần lớn ở công học tập của các em",
    ];
}
