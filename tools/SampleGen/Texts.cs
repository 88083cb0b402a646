namespace SampleGen;

/// <summary>Original Vietnamese text written for the samples (by the SimilarityEngine developers; no third-party text).</summary>
internal static class Texts
{
    public static readonly string[] BodyA_Reasons =
    [
        "Đọc là kĩ năng nền tảng của học sinh lớp hai. Khi các em đọc trôi chảy, các em hiểu bài nhanh hơn, tự tin phát biểu hơn và ham thích đến lớp hơn. Tuy vậy, đầu năm học, nhiều em còn đọc ngắc ngứ, đọc sai dấu thanh, nhầm lẫn giữa các vần khó như uyên, uyết, oang, oăng.",
        "Qua nhiều năm đứng lớp, tôi nhận thấy nguyên nhân không chỉ nằm ở thời lượng luyện đọc mà còn ở cách tổ chức giờ đọc. Các em thường đọc theo một khuôn mẫu lặp lại, ít được nghe mẫu hay, ít được sửa lỗi kịp thời và hầu như không có cơ hội đọc cho người thân nghe ở nhà.",
    ];

    public static readonly string[] BodyA_Measures =
    [
        "Biện pháp 1: Xây dựng góc đọc thân thiện trong lớp học. Tôi cùng học sinh sưu tầm truyện tranh, báo nhi đồng và sách thiếu nhi, sắp xếp thành từng ngăn theo chủ đề. Mỗi tuần, một nhóm học sinh được giao nhiệm vụ chăm sóc góc đọc, ghi lại tên sách bạn mượn và giới thiệu một cuốn sách hay trong giờ sinh hoạt lớp.",
        "Biện pháp 2: Luyện đọc theo cặp và sửa lỗi ngay tại chỗ. Tôi ghép một em đọc tốt với một em đọc chậm. Em đọc tốt đọc mẫu từng câu, em đọc chậm đọc lại, sau đó hai bạn đổi vai. Những lỗi sai dấu thanh được ghi vào sổ tay nhỏ, cuối buổi cả lớp cùng luyện lại những tiếng hay sai nhất.",
        "Biện pháp 3: Phối hợp với cha mẹ học sinh. Mỗi tối, các em đọc to một đoạn văn ngắn cho người thân nghe trong khoảng mười phút. Cha mẹ ký xác nhận vào phiếu đọc và ghi nhận xét ngắn. Cuối tháng, lớp tổ chức buổi tuyên dương những bạn chăm đọc, trao phần thưởng là những cuốn sách nhỏ do chính các em bình chọn.",
        "Biện pháp 4: Tổ chức trò chơi đọc tiếp sức. Lớp chia thành bốn đội, mỗi đội đọc nối tiếp một câu chuyện, đội nào đọc đúng, rõ ràng và diễn cảm nhất sẽ được gắn sao lên bảng thi đua. Trò chơi giúp các em mạnh dạn hơn, biết lắng nghe bạn và tự sửa cách ngắt nghỉ hơi cho phù hợp.",
    ];

    public static readonly string[] BodyA_Results =
    [
        "Sau một học kì áp dụng, không khí giờ đọc trở nên sôi nổi hẳn. Số em đọc trôi chảy tăng rõ rệt, nhiều em trước đây rụt rè nay đã xung phong đọc bài trước lớp. Góc đọc luôn đông vui vào giờ ra chơi và phụ huynh cũng quan tâm hơn đến việc học của con em mình.",
    ];

    public static readonly string[] BodyB_Reasons =
    [
        "Môn Toán ở lớp năm có nhiều nội dung trừu tượng như phân số, số thập phân và tỉ số phần trăm. Nếu chỉ giảng giải trên bảng, học sinh dễ chán và nhanh quên. Vì thế, tôi tìm cách đưa trò chơi học tập vào giờ Toán để các em vừa chơi vừa củng cố kiến thức một cách nhẹ nhàng.",
        "Trò chơi học tập giúp học sinh được vận động, được hợp tác với bạn bè và được thử sức với những tình huống mới. Khi tham gia trò chơi, các em phải tính nhanh, suy luận chặt chẽ và trình bày cách làm của mình trước nhóm, nhờ đó năng lực giao tiếp toán học cũng được nâng lên.",
    ];

    public static readonly string[] BodyB_Measures =
    [
        "Biện pháp 1: Trò chơi ghép thẻ phân số. Mỗi nhóm nhận một bộ thẻ, trên thẻ có phân số hoặc hình vẽ được tô màu một phần. Các em phải ghép những thẻ biểu diễn cùng một giá trị, nhóm nào ghép đúng và nhanh nhất sẽ giành chiến thắng. Trò chơi giúp học sinh hiểu sâu về phân số bằng nhau và cách rút gọn phân số.",
        "Biện pháp 2: Đi chợ tính tiền. Tôi bày một gian hàng nhỏ với các món đồ dùng học tập có ghi giá bằng số thập phân. Học sinh đóng vai người mua và người bán, cộng trừ số tiền, tính tiền thừa phải trả lại. Nhiều em rất hào hứng vì được làm quen với những phép tính gần gũi với cuộc sống hằng ngày.",
        "Biện pháp 3: Rung chuông vàng cuối chủ đề. Sau mỗi chủ đề, cả lớp tham gia trả lời các câu hỏi trắc nghiệm trên bảng con. Câu hỏi được sắp xếp từ dễ đến khó, có câu yêu cầu giải thích cách làm. Em trụ lại đến cuối được trao danh hiệu nhà toán học nhỏ của tuần.",
    ];

    public static readonly string[] BodyB_Results =
    [
        "Nhờ trò chơi, giờ học Toán diễn ra nhẹ nhàng mà hiệu quả. Học sinh nắm chắc kiến thức, vận dụng linh hoạt vào bài tập và ít mắc lỗi tính toán hơn trước. Các em còn biết giúp đỡ nhau trong nhóm, mạnh dạn nêu ý kiến và tự tin hơn khi trình bày lời giải.",
    ];

    public static readonly string[] BodyC_Reasons =
    [
        "Vườn trường là nơi lí tưởng để học sinh quan sát sự sống của cây xanh. Thế nhưng ở trường tôi, khoảnh vườn sau dãy phòng học bị bỏ trống nhiều năm, cỏ dại mọc kín lối đi. Tôi muốn biến nơi đây thành lớp học ngoài trời, nơi các em tự tay gieo hạt, tưới cây và ghi chép những điều mình phát hiện.",
        "Khi được chạm tay vào đất, theo dõi hạt nảy mầm và lá non vươn lên, học sinh hiểu bài Khoa học một cách tự nhiên. Các em biết cây cần nước, ánh sáng và chất dinh dưỡng, biết vì sao phải bảo vệ môi trường và quý trọng sức lao động của người nông dân.",
    ];

    public static readonly string[] BodyC_Measures =
    [
        "Biện pháp 1: Chia vườn thành từng ô cho các nhóm. Mỗi nhóm nhận một ô đất, tự chọn loại rau muốn trồng như cải, mồng tơi hay rau muống. Các nhóm lập lịch tưới nước, nhổ cỏ và cử người ghi nhật kí chiều cao của cây mỗi tuần bằng thước kẻ.",
        "Biện pháp 2: Nhật kí quan sát bằng tranh vẽ. Học sinh vẽ lại hình dạng của hạt, mầm và lá qua từng giai đoạn, kèm theo vài dòng mô tả màu sắc, mùi vị. Những trang nhật kí đẹp được trưng bày ở hành lang để các lớp khác cùng xem và học hỏi.",
        "Biện pháp 3: Phiên chợ rau sạch cuối kì. Rau thu hoạch được các em bó gọn, ghi giá và bán cho thầy cô, phụ huynh. Số tiền thu được dùng để mua thêm hạt giống cho vụ sau, giúp các em hiểu giá trị của lao động và biết cách quản lí một khoản tiền nhỏ.",
    ];

    public static readonly string[] BodyC_Results =
    [
        "Khu vườn bỏ hoang nay đã xanh mướt những luống rau. Học sinh say mê giờ Khoa học, nhiều em kể lại với cha mẹ những điều mới mẻ về cây cối. Ý thức giữ gìn vệ sinh và bảo vệ cây xanh trong trường cũng được nâng lên rõ rệt.",
    ];

    public const string Quote =
        "Luật Giáo dục năm 2019 xác định: \"Mục tiêu giáo dục nhằm phát triển toàn diện con người Việt Nam có đạo đức, tri thức, văn hóa, sức khỏe, thẩm mỹ và nghề nghiệp; có phẩm chất, năng lực và ý thức công dân.\"";

    public const string Declaration =
        "Tôi xin cam đoan đây là sáng kiến kinh nghiệm của bản thân tôi viết, không sao chép nội dung của người khác.";

    public const string Closing =
        "Trên đây là sáng kiến kinh nghiệm của tôi, rất mong nhận được sự đóng góp ý kiến của các cấp lãnh đạo và bạn bè đồng nghiệp. Tôi xin chân thành cảm ơn.";

    public static readonly string[] References =
    [
        "1. Bộ Giáo dục và Đào tạo, Chương trình giáo dục phổ thông tổng thể, năm 2018.",
        "2. Sách giáo khoa và sách giáo viên các môn học ở Tiểu học.",
    ];

    // The features sample: every toned vowel, đ, uppercase, both tone conventions.
    public const string AllVowels =
        "Nguyên âm có dấu: à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ ì í ỉ ĩ ị ò ó ỏ õ ọ ồ ố ổ ỗ ộ ờ ớ ở ỡ ợ ù ú ủ ũ ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ; chữ hoa: ĐẶNG, ƯỚC MƠ, NGHIÊNG; chữ đ và Đ.";
}
