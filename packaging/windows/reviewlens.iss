; Inno Setup script of the ReviewLens (评论透镜) Windows installer.
; Built by packaging/build.py (which passes the /D values below) after PyInstaller; by hand:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\ReviewLens packaging\windows\reviewlens.iss
;
; Per-user install without administrator rights (%LOCALAPPDATA%\Programs\ReviewLens),
; Start-menu entry, optional desktop shortcut, uninstaller (Settings → Apps, or the Start-menu
; entry). Installer languages: Simplified Chinese (when the .isl is available) and English.
; The user data folder (%APPDATA%\ReviewLens: settings, saved columns, log) is kept on uninstall.
; This file is UTF-8 with a BOM so the Chinese texts survive.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\ReviewLens"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef OutputBaseFilename
  #define OutputBaseFilename "ReviewLens-" + AppVersion + "-windows-x86_64-setup"
#endif
#ifndef IconFile
  #define IconFile "..\..\resources\icons\reviewlens.ico"
#endif

; Simplified Chinese ships with newer Inno Setup releases; older ones have it as an "unofficial"
; translation, which CI downloads next to this script (see .github/workflows/build.yml).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found: the installer will be English only"
#endif

[Setup]
AppId={{4080FBB3-4F29-469D-A532-1084EE5ED3A0}
AppName=ReviewLens
AppVerName=ReviewLens {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=ReviewLens
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\ReviewLens
DefaultGroupName=ReviewLens
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBaseFilename}
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\ReviewLens.exe
UninstallDisplayName=ReviewLens 评论透镜
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
#ifdef ChineseIsl
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.AppTitle=ReviewLens
#ifdef ChineseIsl
chinesesimplified.AppTitle=评论透镜 ReviewLens
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{cm:AppTitle}"; Filename: "{app}\ReviewLens.exe"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\ReviewLens.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\ReviewLens.exe"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder; the user's data in %APPDATA%\ReviewLens stays.
Type: filesandordirs; Name: "{app}"
