/*
  Upload droppers: small pages whose only job is to put an attacker's file on the server (the
  second-stage shell, a tool), or to write request text into a page that the server runs.
  Legitimate upload code exists in every era of ASP, so each rule here wants the piece that
  makes it a dropper rather than an upload feature: the visitor types the destination folder,
  the file lands beside the page under the name the client sent with no type check, or the
  page writes into its own script file.

  References:
    MITRE ATT&CK T1505.003 Server Software Component: Web Shell; T1105 Ingress Tool Transfer
    OWASP, "Unrestricted File Upload"
    NSA/ASD, "Detect and Prevent Web Shell Malware" (2020-04-22)
*/

rule SC_ASP_Multipart_Upload_To_Typed_Path
{
  meta:
    description = "Classic ASP parses a multipart upload by hand (Request.BinaryRead + InStrB/MidB boundary walk) and writes the file into a folder the visitor types, offered pre-filled with a drive root"
    severity = "high"
    date = "2026-11-27"
    reference = "https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload"
    technique = "T1105/T1505.003: hand-parsed multipart upload to a visitor-chosen absolute path"
  strings:
    $read = /Request\s*\.\s*BinaryRead\s*\(/ nocase
    // walking the multipart body: byte-string search for the part headers
    $parse1 = /InStrB\s*\([^\r\n]{0,80}filename=/ nocase
    $parse2 = /getByteString\s*\(\s*"filename=/ nocase
    $parse3 = /InStrB\s*\([^\r\n]{0,80}Content-Disposition/ nocase
    $sink1 = /\.CreateTextFile\s*\(?/ nocase
    $sink2 = /\.SaveToFile\s*\(?/ nocase
    $form = /type\s*=\s*["']?file\b/ nocase
    // the destination box, pre-filled with a drive root: <input name=path value="C:\">
    $typed_path = /<input[^>\r\n]{0,120}value\s*=\s*["']?[a-z]:\\/ nocase
    $server = "<%"
  condition:
    filesize < 512KB and $server and $read and any of ($parse*) and any of ($sink*) and $form and $typed_path
}

rule SC_ASPX_Upload_Beside_Page
{
  meta:
    description = "ASP.NET page saves a posted file into its own folder (Request.PhysicalPath, MapPath of the page) under the file name the client sent, with no extension or type check"
    severity = "high"
    date = "2026-11-27"
    reference = "https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload"
    technique = "T1105/T1505.003: arbitrary upload into the page's own script-executable folder"
  strings:
    $here1 = /Request\s*\.\s*PhysicalPath\b/ nocase
    $here2 = /MapPath\s*\(\s*Request\s*\.\s*(Path|FilePath|CurrentExecutionFilePath|Url\s*\.\s*AbsolutePath)\b/ nocase
    $here3 = /MapPath\s*\(\s*["']\.\/?["']\s*\)/ nocase
    $posted1 = /Request\s*\.\s*Files\b/ nocase
    $posted2 = /\bHttpPostedFile\b/ nocase
    $posted3 = /\.PostedFile\b/ nocase
    $name = /\.FileName\b/ nocase
    $write1 = /new\s+(System\.IO\.)?FileStream\s*\(/ nocase
    $write2 = /\.SaveAs\s*\(/ nocase
    $write3 = /File\s*\.\s*WriteAllBytes\s*\(/ nocase
    // what a real upload feature checks before saving
    $check1 = /GetExtension\s*\(/ nocase
    $check2 = /\.EndsWith\s*\(/ nocase
    $check3 = /\.ContentType\b/ nocase
    $check4 = "Extension"
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 256KB and ($server1 or $server2) and any of ($here*) and any of ($posted*) and $name and
    any of ($write*) and not any of ($check*)
}

rule SC_ASP_Page_Appends_Request_To_Itself
{
  meta:
    description = "Classic ASP page finds its own script file (SCRIPT_NAME/PATH_INFO/URL through Server.MapPath) and writes request text into it: visitor input becomes part of a page the server runs"
    severity = "high"
    date = "2026-11-27"
    reference = "https://attack.mitre.org/techniques/T1505/003/"
    technique = "T1505.003: self-modifying page, request text appended to the running script"
  strings:
    $self_direct = /MapPath\s*\(\s*Request\s*\.\s*ServerVariables\s*\(\s*["'](SCRIPT_NAME|PATH_INFO|URL|PATH_TRANSLATED)["']\s*\)\s*\)\s*,\s*(2|8)\b/ nocase
    $self_var = /=\s*Request\s*\.\s*ServerVariables\s*\(\s*["'](SCRIPT_NAME|PATH_INFO|URL)["']\s*\)/ nocase
    // OpenTextFile(Server.MapPath(x), 8 or 2): open a mapped variable path for append or write
    $open_var = /\.OpenTextFile\s*\(\s*Server\s*\.\s*MapPath\s*\(\s*[a-z_]\w{0,30}\s*\)\s*,\s*(2|8)\b/ nocase
    $fso = "Scripting.FileSystemObject" nocase
    $write = /\.Write(Line)?\s*\(?\s*[a-z_"]/ nocase
    $input = /\bRequest\s*(\.\s*(Form|QueryString|Item)\s*)?\(\s*["']/ nocase
    // a page that keeps its own data (guest book, counter) names the data file
    $mappath = /MapPath\s*\(/ nocase
    $datafile = /["'][^"'\r\n]{0,60}\.(txt|htm|html|log|dat|xml|mdb|csv|ini|json)["']/ nocase
    $server = "<%"
  condition:
    filesize < 64KB and $server and $fso and $write and $input and
    ($self_direct or ($self_var and $open_var and #mappath == 1 and not $datafile))
}
